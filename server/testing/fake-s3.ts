import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

interface StoredObject {
  body: Buffer;
  contentType: string;
  lastModified: Date;
}

/**
 * A small S3-compatible server on 127.0.0.1 for tests, path-style (`/bucket/key`): PUT, GET, HEAD
 * and DELETE of objects, ListObjectsV2 (prefix, max-keys, continuation) and bucket creation. It
 * accepts any SigV4 `Authorization` header, but refuses a request without one as S3 does, so the
 * client must sign. `setLastModified` ages an object for the orphan sweeper's tests.
 */
export async function startFakeS3() {
  const buckets = new Map<string, Map<string, StoredObject>>();

  const xml = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { "content-type": "application/xml" });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>${body}`);
  };
  const error = (res: ServerResponse, status: number, code: string) =>
    xml(res, status, `<Error><Code>${code}</Code><Message>${code}</Message></Error>`);
  const escape = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://s3.local");
    if (!/^AWS4-HMAC-SHA256 Credential=/.test(req.headers.authorization ?? "")) return error(res, 403, "AccessDenied");
    const [, bucketName = "", ...rest] = url.pathname.split("/");
    const key = decodeURIComponent(rest.join("/"));
    if (!key) {
      if (req.method === "PUT") {
        buckets.set(bucketName, buckets.get(bucketName) ?? new Map());
        res.writeHead(200).end();
        return;
      }
      const bucket = buckets.get(bucketName);
      if (!bucket) return error(res, 404, "NoSuchBucket");
      if (req.method === "GET" && url.searchParams.get("list-type") === "2") {
        const prefix = url.searchParams.get("prefix") ?? "";
        const maxKeys = Number(url.searchParams.get("max-keys") ?? 1000);
        const after = url.searchParams.get("continuation-token") ?? "";
        const keys = [...bucket.keys()].filter((name) => name.startsWith(prefix) && name > after).sort();
        const page = keys.slice(0, maxKeys);
        const truncated = keys.length > page.length;
        const contents = page
          .map((name) => {
            const object = bucket.get(name)!;
            return `<Contents><Key>${escape(name)}</Key><LastModified>${object.lastModified.toISOString()}</LastModified><Size>${object.body.length}</Size></Contents>`;
          })
          .join("");
        return xml(
          res,
          200,
          `<ListBucketResult><Name>${bucketName}</Name><Prefix>${escape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${truncated ? `<NextContinuationToken>${escape(page.at(-1)!)}</NextContinuationToken>` : ""}</ListBucketResult>`,
        );
      }
      return error(res, 405, "MethodNotAllowed");
    }
    const bucket = buckets.get(bucketName);
    if (!bucket) return error(res, 404, "NoSuchBucket");
    switch (req.method) {
      case "PUT": {
        const body = await readBody(req);
        bucket.set(key, { body, contentType: req.headers["content-type"] ?? "application/octet-stream", lastModified: new Date() });
        res.writeHead(200, { etag: '"fake"' }).end();
        return;
      }
      case "GET":
      case "HEAD": {
        const object = bucket.get(key);
        if (!object) {
          if (req.method === "HEAD") return void res.writeHead(404).end();
          return error(res, 404, "NoSuchKey");
        }
        res.writeHead(200, {
          "content-type": object.contentType,
          "content-length": object.body.length,
          "last-modified": object.lastModified.toUTCString(),
        });
        res.end(req.method === "GET" ? object.body : undefined);
        return;
      }
      case "DELETE":
        bucket.delete(key);
        res.writeHead(204).end();
        return;
      default:
        return error(res, 405, "MethodNotAllowed");
    }
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    createBucket(name: string) {
      buckets.set(name, buckets.get(name) ?? new Map());
    },
    setLastModified(bucket: string, key: string, at: Date) {
      const object = buckets.get(bucket)?.get(key);
      if (object) object.lastModified = at;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
