import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, stat, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import type { Env } from "./env.ts";

/**
 * Where uploaded bytes are kept (documents and their thumbnails), behind one interface: the local
 * disk by default (under .data/storage), an S3-compatible server in production (STORAGE=s3). Keys
 * are the application's own (`documents/<member>/<id>`), never a client's file name.
 */
export interface Storage {
  readonly kind: "disk" | "s3";
  /**
   * Stores `body` under `key`, replacing what was there. A stream that fails (an upload over its
   * limit, a client gone) leaves nothing readable behind: the error is passed on.
   */
  put(key: string, body: Readable | Buffer, meta: { contentType: string }): Promise<void>;
  /** The bytes under `key` as a stream with their length; null when there are none. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes `key`; removing what is not there is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Every key under `prefix` with when it was last written (for the orphan sweeper). */
  list(prefix: string): AsyncIterable<StoredEntry>;
}

export interface StoredObject {
  body: Readable;
  size: number;
}

export interface StoredEntry {
  key: string;
  lastModified: Date;
}

/**
 * Letters, digits and `._-` in `/`-separated segments, none of them `.` or `..` and none empty:
 * a key can never name a path outside the storage folder, on disk or as an S3 object.
 */
const SAFE_KEY = /^(?!.*(?:^|\/)\.{1,2}(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;
const MAX_KEY_LENGTH = 512;

export function assertSafeKey(key: string): void {
  if (key.length > MAX_KEY_LENGTH || !SAFE_KEY.test(key)) throw new Error(`unsafe storage key: ${JSON.stringify(key)}`);
}

/** The storage STORAGE names, built once by createPlatform. */
export function createStorage(env: Env): Storage {
  if (env.STORAGE === "s3") {
    return createS3Storage({
      // parseEnv refuses STORAGE=s3 without a bucket.
      bucket: env.S3_BUCKET ?? "",
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
      credentials:
        env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
          : undefined,
    });
  }
  return createDiskStorage(path.resolve(env.STORAGE_DIR));
}

/** Files under `root`, one per key (`a/b/c` is `root/a/b/c`). */
export function createDiskStorage(root: string): Storage {
  const fileOf = (key: string) => {
    assertSafeKey(key);
    const file = path.resolve(root, key);
    // SAFE_KEY already rules out `..`; this is the second lock on the same door.
    if (!file.startsWith(root + path.sep)) throw new Error(`unsafe storage key: ${JSON.stringify(key)}`);
    return file;
  };
  return {
    kind: "disk",
    async put(key, body) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      try {
        await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, createWriteStream(file));
      } catch (error) {
        // What was written before the stream failed must not look like a stored file.
        await unlink(file).catch(() => {});
        throw error;
      }
    },
    async get(key) {
      const file = fileOf(key);
      try {
        const { size } = await stat(file);
        return { body: createReadStream(file), size };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
    async exists(key) {
      try {
        return (await stat(fileOf(key))).isFile();
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    },
    async *list(prefix) {
      const start = prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
      yield* walk(root, start ? fileOf(start) : root);
    },
  };
}

async function* walk(root: string, dir: string): AsyncIterable<StoredEntry> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(root, full);
    else if (entry.isFile()) {
      const info = await stat(full).catch(() => null);
      if (info) yield { key: path.relative(root, full).split(path.sep).join("/"), lastModified: info.mtime };
    }
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === "ENOENT";
}

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** An S3-compatible server (SeaweedFS, Ceph, R2, ...); unset: AWS. */
  endpoint?: string | undefined;
  /** `endpoint/bucket/key` instead of `bucket.endpoint/key`: what most self-hosted servers need. */
  forcePathStyle: boolean;
  /** Unset: the SDK's own chain (environment, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
}

/** Objects in one bucket of an S3-compatible server. */
export function createS3Storage(options: S3StorageOptions): Storage {
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials: options.credentials,
    // Checksums other than the classic Content-MD5 are not known to every compatible server.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const Bucket = options.bucket;
  return {
    kind: "s3",
    async put(key, body, meta) {
      assertSafeKey(key);
      if (Buffer.isBuffer(body)) {
        await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: meta.contentType }));
        return;
      }
      // PutObject needs the length up front and an upload's is known only at its end: the
      // stream is spooled to a temporary file (bounded by the upload limit), then sent.
      const dir = await mkdtemp(path.join(tmpdir(), "alephdraad-upload-"));
      try {
        const file = path.join(dir, "body");
        await pipeline(body, createWriteStream(file));
        const { size } = await stat(file);
        await client.send(
          new PutObjectCommand({
            Bucket,
            Key: key,
            Body: createReadStream(file),
            ContentLength: size,
            ContentType: meta.contentType,
          }),
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    async get(key) {
      assertSafeKey(key);
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        if (!(answer.Body instanceof Readable)) throw new Error("S3 answered without a body stream");
        return { body: answer.Body, size: answer.ContentLength ?? 0 };
      } catch (error) {
        if (isNoSuchKey(error)) return null;
        throw error;
      }
    },
    async delete(key) {
      assertSafeKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    async exists(key) {
      assertSafeKey(key);
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return true;
      } catch (error) {
        if (isNoSuchKey(error)) return false;
        throw error;
      }
    },
    async *list(prefix) {
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken }));
        for (const object of page.Contents ?? []) {
          if (object.Key) yield { key: object.Key, lastModified: object.LastModified ?? new Date(0) };
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
  };
}

function isNoSuchKey(error: unknown): boolean {
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return failure?.name === "NoSuchKey" || failure?.name === "NotFound" || failure?.$metadata?.httpStatusCode === 404;
}
