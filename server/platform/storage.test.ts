import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { buffer, text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeS3 } from "../testing/fake-s3.ts";
import { SEAWEEDFS_TEST_CREDENTIALS, seaweedfsBinary, startSeaweedFs } from "../testing/seaweedfs.ts";
import { assertSafeKey, createDiskStorage, createS3Storage, type Storage } from "./storage.ts";

interface Backend {
  name: string;
  start(): Promise<{ storage: Storage; close(): Promise<void> }>;
}

const BUCKET = "alephdraad-test";

/**
 * One contract, every backend: the disk, the fake S3 server (always), and a real SeaweedFS S3
 * gateway when its binary is built (scripts/seaweedfs.sh; docs/decisions/0008).
 */
const backends: Backend[] = [
  {
    name: "disk",
    async start() {
      const root = await mkdtemp(path.join(tmpdir(), "alephdraad-storage-"));
      return { storage: createDiskStorage(root), close: () => rm(root, { recursive: true, force: true }) };
    },
  },
  {
    name: "s3 (fake server)",
    async start() {
      const server = await startFakeS3();
      server.createBucket(BUCKET);
      const storage = createS3Storage({
        bucket: BUCKET,
        region: "us-east-1",
        endpoint: server.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: "fake", secretAccessKey: "fake-secret" },
      });
      return { storage, close: server.close };
    },
  },
  ...(seaweedfsBinary()
    ? [
        {
          name: "s3 (SeaweedFS)",
          async start() {
            const server = (await startSeaweedFs(BUCKET))!;
            const storage = createS3Storage({
              bucket: BUCKET,
              region: "us-east-1",
              endpoint: server.endpoint,
              forcePathStyle: true,
              credentials: SEAWEEDFS_TEST_CREDENTIALS,
            });
            return { storage, close: server.close };
          },
        },
      ]
    : []),
];

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

function failingStream(afterBytes: number): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(Buffer.alloc(afterBytes, 1));
        return;
      }
      this.destroy(new Error("client went away"));
    },
  });
}

describe.each(backends)("storage contract: $name", (backend) => {
  let storage: Storage;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ storage, close } = await backend.start());
  }, 90_000);
  afterAll(() => close?.());

  it("keeps a buffer and gives it back as a stream with its size", async () => {
    await storage.put("documents/1/a", Buffer.from("halo dunia"), { contentType: "text/plain" });
    const got = await storage.get("documents/1/a");
    expect(got?.size).toBe(10);
    expect(await text(got!.body)).toBe("halo dunia");
    expect(await storage.exists("documents/1/a")).toBe(true);
  });

  it("keeps a stream of unknown length, several chunks long", async () => {
    const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(32 * 1024, 65 + (i % 26)));
    await storage.put("documents/1/b", Readable.from(chunks), { contentType: "application/octet-stream" });
    const got = await storage.get("documents/1/b");
    expect(got?.size).toBe(40 * 32 * 1024);
    const bytes = await buffer(got!.body);
    expect(bytes.equals(Buffer.concat(chunks))).toBe(true);
  });

  it("replaces what a key held", async () => {
    await storage.put("documents/1/c", Buffer.from("lama"), { contentType: "text/plain" });
    await storage.put("documents/1/c", Buffer.from("baru"), { contentType: "text/plain" });
    expect(await text((await storage.get("documents/1/c"))!.body)).toBe("baru");
  });

  it("leaves nothing behind when the stream fails halfway", async () => {
    await expect(storage.put("documents/1/broken", failingStream(64 * 1024), { contentType: "text/plain" })).rejects.toThrow(
      "client went away",
    );
    expect(await storage.exists("documents/1/broken")).toBe(false);
    expect(await storage.get("documents/1/broken")).toBeNull();
  });

  it("deletes, and deleting what is not there is no error", async () => {
    await storage.put("documents/2/gone", Buffer.from("x"), { contentType: "text/plain" });
    await storage.delete("documents/2/gone");
    expect(await storage.exists("documents/2/gone")).toBe(false);
    expect(await storage.get("documents/2/gone")).toBeNull();
    await storage.delete("documents/2/gone");
    await storage.delete("documents/2/never-was");
  });

  it("lists the keys under a prefix with when they were written", async () => {
    const before = Date.now() - 5_000;
    await storage.put("documents/3/x", Buffer.from("1"), { contentType: "text/plain" });
    await storage.put("documents/3/y.thumb.webp", Buffer.from("2"), { contentType: "image/webp" });
    await storage.put("other/3/z", Buffer.from("3"), { contentType: "text/plain" });
    const listed = await collect(storage.list("documents/3/"));
    expect(listed.map((entry) => entry.key).sort()).toEqual(["documents/3/x", "documents/3/y.thumb.webp"]);
    for (const entry of listed) expect(entry.lastModified.getTime()).toBeGreaterThan(before);
    expect(await collect(storage.list("nothing-here/"))).toEqual([]);
  });

  it("refuses keys that could leave its folder or bucket prefix", async () => {
    for (const key of ["../escape", "documents/../../etc/passwd", "/absolute", "a//b", "", ".", "a/./b", "a\\b", "a/b/", "é"]) {
      await expect(storage.put(key, Buffer.from("x"), { contentType: "text/plain" }), key).rejects.toThrow("unsafe storage key");
      await expect(storage.get(key), key).rejects.toThrow("unsafe storage key");
      await expect(storage.delete(key), key).rejects.toThrow("unsafe storage key");
    }
  });
});

describe("disk storage", () => {
  it("keeps each key as a file under its root, and nowhere else", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "alephdraad-storage-"));
    try {
      const storage = createDiskStorage(root);
      await storage.put("documents/9/doc", Buffer.from("isi"), { contentType: "text/plain" });
      expect(existsSync(path.join(root, "documents/9/doc"))).toBe(true);
      await storage.delete("documents/9/doc");
      expect(existsSync(path.join(root, "documents/9/doc"))).toBe(false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("accepts the application's own key shapes", () => {
    for (const key of ["documents/12/doc_01HN5ZYAQT8XKQVFPQM2XJWK9T", "documents/12/doc_01HN5ZYAQT8XKQVFPQM2XJWK9T.thumb.webp"]) {
      expect(() => assertSafeKey(key)).not.toThrow();
    }
  });
});
