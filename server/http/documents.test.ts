import * as m from "../../shared/paraglide/messages/_index.js";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentModel } from "../modules/document/document.model.ts";
import { sweepOrphanBytes, uploadDocument } from "../modules/document/service.ts";
import { createDiskStorage, createS3Storage } from "../platform/storage.ts";
import { ELF, image, PDF, pixelBomb, TEXT } from "../testing/document-files.ts";
import { startFakeS3 } from "../testing/fake-s3.ts";
import { createForumTestDatabase, forumFixtures } from "../testing/forum.ts";
import { startTestHttpApp } from "../testing/http.ts";
import { connectTestMongo, type TestMongo } from "../testing/mongo.ts";
import { requestCallers } from "../testing/request-caller.ts";
import { parseEnv } from "../platform/env.ts";

const MAX = 512 * 1024;
const QUOTA = 2 * 1024 * 1024;

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: TestMongo;
let storageDir: string;
let app: Awaited<ReturnType<typeof startTestHttpApp>>;
let callers: ReturnType<typeof requestCallers>;
let envSource: Record<string, string>;

beforeAll(async () => {
  [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  storageDir = await mkdtemp(path.join(tmpdir(), "alephdraad-documents-"));
  envSource = {
    STORAGE_DIR: storageDir,
    DOCUMENT_MAX_BYTES: String(MAX),
    DOCUMENT_QUOTA_BYTES: String(QUOTA),
    RATE_LIMIT_ENABLED: "false",
    CAPTCHA_ENABLED: "false",
  };
  app = await startTestHttpApp(db.prisma, envSource);
  callers = requestCallers(db.prisma, envSource);
});
afterAll(async () => {
  await app?.close();
  await Promise.all([db?.close(), mongo?.drop()]);
  await rm(storageDir, { recursive: true, force: true });
});

async function member() {
  const user = await forumFixtures(db.prisma).user();
  const headers = await callers.sessionHeaders(user.id);
  return { user, headers, trpc: await callers.call(headers) };
}

type Member = Awaited<ReturnType<typeof member>>;

function form(title: string | null, file?: { bytes: Buffer; name: string; type?: string }) {
  const body = new FormData();
  if (title !== null) body.set("title", title);
  if (file) body.set("file", new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "application/octet-stream" }), file.name);
  return body;
}

function upload(who: Member | null, body: FormData | ReadableStream, headers: Record<string, string> = {}) {
  return fetch(`${app.origin}/api/documents`, {
    method: "POST",
    body,
    headers: { origin: app.origin, accept: "application/json", ...(who ? who.headers : {}), ...headers },
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}

async function uploaded(who: Member, title: string, bytes: Buffer, name: string) {
  const response = await upload(who, form(title, { bytes, name }));
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { document: { id: string; mimeType: string; size: number } }).document;
}

const get = (url: string, who: Member | null = null) => fetch(`${app.origin}${url}`, { headers: who ? who.headers : {} });

const storedFiles = async (userId: number) => readdir(path.join(storageDir, "documents", String(userId))).catch(() => [] as string[]);

describe("POST /api/documents", () => {
  it("stores a PDF and an image as detected, with a thumbnail for the image", async () => {
    const owner = await member();
    const pdf = await uploaded(owner, "Laporan", PDF, "laporan.pdf");
    expect(pdf).toMatchObject({ mimeType: "application/pdf", size: PDF.length, shareToken: null, hasThumbnail: false });
    const png = await image("png", 1280, 960);
    const picture = await uploaded(owner, "Diagram", png, "diagram.png");
    expect(picture).toMatchObject({ mimeType: "image/png", hasThumbnail: true });
    expect((await storedFiles(owner.user.id)).sort()).toEqual([pdf.id, picture.id, `${picture.id}.thumb.webp`].sort());

    const row = await DocumentModel.findById(pdf.id).lean();
    expect(row).toMatchObject({ userId: owner.user.id, title: "Laporan", fileName: "laporan.pdf", isPublic: false });
    expect(row?.sha256).toMatch(/^[0-9a-f]{64}$/);

    const thumb = await get(`/d/${picture.id}/thumb`, owner);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 320, height: 240 });
    expect((await get(`/d/${pdf.id}/thumb`, owner)).status).toBe(404);
  });

  it("decides by the bytes: a renamed executable is refused with the message, and nothing is kept", async () => {
    const owner = await member();
    const response = await upload(owner, form("Bukan PDF", { bytes: ELF, name: "laporan.pdf", type: "application/pdf" }));
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({ error: { message: m.error_document_unsupportedType(), code: "UNSUPPORTED_MEDIA_TYPE" } });
    const plain = await upload(owner, form("Bukan PDF", { bytes: ELF, name: "a.pdf" }), { accept: "text/html" });
    expect(plain.status).toBe(415);
    expect(await plain.text()).toBe(m.error_document_unsupportedType());
    expect(await storedFiles(owner.user.id)).toEqual([]);
    expect(await DocumentModel.countDocuments({ userId: owner.user.id })).toBe(0);
  });

  it("stores text under any name as text/plain", async () => {
    const owner = await member();
    expect(await uploaded(owner, "Catatan", TEXT, "catatan.exe")).toMatchObject({ mimeType: "text/plain" });
  });

  it("refuses a decompression bomb", async () => {
    const owner = await member();
    const response = await upload(owner, form("Bom", { bytes: await pixelBomb(), name: "bom.png" }));
    expect(response.status).toBe(415);
    expect(await storedFiles(owner.user.id)).toEqual([]);
  });

  it("takes a file of exactly the limit and refuses one byte more, streamed without a length", async () => {
    const owner = await member();
    const boundary = "----alephdraad-test";
    const streamed = (size: number) => {
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nBesar\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="besar.txt"\r\nContent-Type: text/plain\r\n\r\n`,
      );
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      const chunks = [head];
      for (let left = size; left > 0; left -= 64 * 1024) chunks.push(Buffer.alloc(Math.min(64 * 1024, left), 0x61));
      chunks.push(tail);
      return Readable.toWeb(Readable.from(chunks)) as ReadableStream;
    };
    const headers = { "content-type": `multipart/form-data; boundary=${boundary}` };
    const exact = await upload(owner, streamed(MAX), headers);
    expect(exact.status, await exact.clone().text()).toBe(201);
    expect(((await exact.json()) as { document: { size: number } }).document.size).toBe(MAX);

    const over = await upload(owner, streamed(MAX + 1), headers);
    expect(over.status).toBe(413);
    expect(((await over.json()) as { error: { message: string } }).error.message).toBe("Berkas terlalu besar: maksimal 0.5 MB.");
    expect(await storedFiles(owner.user.id)).toHaveLength(1);
  });

  it("refuses a declared length over the limit before reading the body", async () => {
    const owner = await member();
    const response = await fetch(`${app.origin}/api/documents`, {
      method: "POST",
      headers: { ...owner.headers, origin: app.origin, "content-type": "multipart/form-data; boundary=x", "content-length": String(MAX * 4) },
      body: Readable.toWeb(Readable.from([Buffer.alloc(1024)])) as ReadableStream,
      duplex: "half",
    } as RequestInit).catch((error: unknown) => error);
    // Either the answer arrives, or the server closed the connection on the unread body after it.
    if (response instanceof Response) expect(response.status).toBe(413);
  });

  it("is for signed-in members, from this site only, with a title before the file", async () => {
    expect((await upload(null, form("Anon", { bytes: PDF, name: "a.pdf" }))).status).toBe(401);
    const owner = await member();
    expect((await upload(owner, form("Asing", { bytes: PDF, name: "a.pdf" }), { origin: "https://evil.example" })).status).toBe(403);
    const noTitle = await upload(owner, form(null, { bytes: PDF, name: "a.pdf" }));
    expect(noTitle.status).toBe(400);
    const emptyTitle = await upload(owner, form("   ", { bytes: PDF, name: "a.pdf" }));
    expect(emptyTitle.status).toBe(400);
    const noFile = await upload(owner, form("Tanpa berkas"));
    expect(noFile.status).toBe(400);
    const twoFiles = form("Dua", { bytes: PDF, name: "a.pdf" });
    twoFiles.append("file", new Blob([new Uint8Array(PDF)]), "b.pdf");
    expect((await upload(owner, twoFiles)).status).toBe(400);
    expect(await DocumentModel.countDocuments({ userId: owner.user.id })).toBe(0);
  });

  it("holds the quota under 10 concurrent uploads: exactly what fits is kept, the rest refused and removed", async () => {
    const owner = await member();
    const file = Buffer.alloc(450 * 1024, 0x62);
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => upload(owner, form(`Paralel ${i}`, { bytes: file, name: `${i}.txt` }))));
    const statuses = responses.map((response) => response.status).sort();
    // 4 × 450 KiB fit in 2 MiB, a fifth does not.
    expect(statuses).toEqual([201, 201, 201, 201, 413, 413, 413, 413, 413, 413]);
    const quota = await owner.trpc.document.quota();
    expect(quota).toEqual({ usedBytes: 4 * file.length, quotaBytes: QUOTA, maxFileBytes: MAX });
    expect(await storedFiles(owner.user.id)).toHaveLength(4);
    const full = await upload(owner, form("Penuh", { bytes: file, name: "penuh.txt" }));
    expect(full.status).toBe(413);
    expect(((await full.json()) as { error: { message: string } }).error.message).toMatch(/^Kuota dokumen Anda \(2 MB\)/);
  });

  it("is rate limited per member", async () => {
    const limited = await startTestHttpApp(db.prisma, { ...envSource, RATE_LIMIT_ENABLED: "true" });
    try {
      const owner = await member();
      const send = () =>
        fetch(`${limited.origin}/api/documents`, {
          method: "POST",
          body: form("Banjir", { bytes: Buffer.from("x"), name: "x.txt" }),
          headers: { ...owner.headers, origin: limited.origin, accept: "application/json" },
        });
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await send()).status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(10);
      expect(statuses.at(-1)).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe("downloads, sharing and deleting", () => {
  it("streams a document to its owner with headers no browser runs or caches", async () => {
    const owner = await member();
    const doc = await uploaded(owner, "Laporan", PDF, "laporan ü €.pdf");
    const response = await get(`/d/${doc.id}`, owner);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(PDF)).toBe(true);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "application/pdf",
      "content-length": String(PDF.length),
      "content-disposition": `attachment; filename="laporan _ _.pdf"; filename*=UTF-8''laporan%20%C3%BC%20%E2%82%AC.pdf`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store, no-transform",
    });
    expect(response.headers.get("content-security-policy")).toMatch(/^sandbox;/);
    const text = await uploaded(owner, "Catatan", TEXT, "catatan.txt");
    const textResponse = await get(`/d/${text.id}`, owner);
    expect(textResponse.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(textResponse.headers.get("content-length")).toBe(String(TEXT.length));
  });

  it("answers 404, never 403, to anyone but the owner of a private document", async () => {
    const owner = await member();
    const other = await member();
    const doc = await uploaded(owner, "Rahasia", PDF, "rahasia.pdf");
    expect((await get(`/d/${doc.id}`)).status).toBe(404);
    expect((await get(`/d/${doc.id}`, other)).status).toBe(404);
    expect((await get(`/d/${doc.id}/thumb`, other)).status).toBe(404);
    expect((await get(`/d/not-an-id`, owner)).status).toBe(404);
    const pending = await callers.sessionHeaders(owner.user.id, false);
    expect((await fetch(`${app.origin}/d/${doc.id}`, { headers: pending })).status).toBe(404);
    await expect(other.trpc.document.get({ id: doc.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.trpc.document.share({ id: doc.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.trpc.document.update({ id: doc.id, title: "Punyaku" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.trpc.document.delete({ id: doc.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await other.trpc.document.list()).items).toEqual([]);
    expect(await DocumentModel.findById(doc.id).lean()).toMatchObject({ title: "Rahasia", shareToken: null });
  });

  it("shares by a long random link that anyone can open, keeps it on a second share, and ends it on unshare", async () => {
    const owner = await member();
    const png = await image("png");
    const doc = await uploaded(owner, "Foto", png, "foto.png");
    const shared = await owner.trpc.document.share({ id: doc.id });
    expect(shared.shareToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await owner.trpc.document.share({ id: doc.id })).shareToken).toBe(shared.shareToken);

    const anonymous = await get(`/s/${shared.shareToken}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get("cache-control")).toBe("private, no-store, no-transform");
    expect(Buffer.from(await anonymous.arrayBuffer()).equals(png)).toBe(true);
    expect((await get(`/s/${shared.shareToken}/thumb`)).status).toBe(200);
    // The id alone still opens nothing for others.
    expect((await get(`/d/${doc.id}`)).status).toBe(404);

    await owner.trpc.document.unshare({ id: doc.id });
    expect((await get(`/s/${shared.shareToken}`)).status).toBe(404);
    expect((await get(`/s/${shared.shareToken}/thumb`)).status).toBe(404);
    const again = await owner.trpc.document.share({ id: doc.id });
    expect(again.shareToken).not.toBe(shared.shareToken);
    for (const guess of ["null", "a".repeat(32), `${again.shareToken}x`]) expect((await get(`/s/${guess}`)).status).toBe(404);
  });

  it("renames, lists newest first in pages, and deletes with the bytes and the thumbnail", async () => {
    const owner = await member();
    const first = await uploaded(owner, "Pertama", PDF, "1.pdf");
    const second = await uploaded(owner, "Kedua", await image("jpeg"), "2.jpg");
    expect((await owner.trpc.document.update({ id: first.id, title: "  Pertama (revisi) " })).title).toBe("Pertama (revisi)");
    await expect(owner.trpc.document.update({ id: first.id, title: "x".repeat(201) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const page = await owner.trpc.document.list({ limit: 1 });
    expect(page.items.map((item) => item.id)).toEqual([second.id]);
    const next = await owner.trpc.document.list({ limit: 1, cursor: page.nextCursor! });
    expect(next).toMatchObject({ items: [{ id: first.id, title: "Pertama (revisi)" }], nextCursor: null });

    await owner.trpc.document.delete({ id: second.id });
    expect(existsSync(path.join(storageDir, "documents", String(owner.user.id), second.id))).toBe(false);
    expect(existsSync(path.join(storageDir, "documents", String(owner.user.id), `${second.id}.thumb.webp`))).toBe(false);
    expect((await get(`/d/${second.id}`, owner)).status).toBe(404);
    await expect(owner.trpc.document.delete({ id: second.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await owner.trpc.document.quota()).usedBytes).toBe(PDF.length);
  });

  it("deletes the bytes from S3 too", async () => {
    const s3 = await startFakeS3();
    s3.createBucket("dokumen");
    const s3Env = { ...envSource, STORAGE: "s3", S3_BUCKET: "dokumen", S3_ENDPOINT: s3.endpoint, S3_FORCE_PATH_STYLE: "true", S3_ACCESS_KEY_ID: "k", S3_SECRET_ACCESS_KEY: "s" };
    const s3App = await startTestHttpApp(db.prisma, s3Env);
    const s3Callers = requestCallers(db.prisma, s3Env);
    try {
      const user = await forumFixtures(db.prisma).user();
      const headers = await s3Callers.sessionHeaders(user.id);
      const response = await fetch(`${s3App.origin}/api/documents`, {
        method: "POST",
        body: form("Di S3", { bytes: await image("webp"), name: "s3.webp" }),
        headers: { ...headers, origin: s3App.origin, accept: "application/json" },
      });
      expect(response.status).toBe(201);
      const { document } = (await response.json()) as { document: { id: string } };
      const storage = createS3Storage({ bucket: "dokumen", region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: "k", secretAccessKey: "s" } });
      const key = `documents/${user.id}/${document.id}`;
      expect(await storage.exists(key)).toBe(true);
      expect(await storage.exists(`${key}.thumb.webp`)).toBe(true);
      expect((await fetch(`${s3App.origin}/d/${document.id}`, { headers })).status).toBe(200);
      await (await s3Callers.call(headers)).document.delete({ id: document.id });
      expect(await storage.exists(key)).toBe(false);
      expect(await storage.exists(`${key}.thumb.webp`)).toBe(false);
    } finally {
      await s3App.close();
      await s3.close();
    }
  });
});

describe("bytes without metadata", () => {
  const deps = () => ({ prisma: db.prisma, storage: createDiskStorage(storageDir), env: parseEnv({ NODE_ENV: "test", ...envSource }) });

  it("are removed at once when the metadata write fails", async () => {
    const user = await forumFixtures(db.prisma).user();
    const failing = uploadDocument(deps(), user.id, { title: "Gagal", fileName: "a.pdf", body: Readable.from([PDF]) }, {
      afterBytesStored: () => {
        throw new Error("MongoDB went away");
      },
    });
    await expect(failing).rejects.toThrow("MongoDB went away");
    expect(await storedFiles(user.id)).toEqual([]);
  });

  it("that a crash left behind are swept once they are an hour old, and documents keep theirs", async () => {
    const user = await forumFixtures(db.prisma).user();
    let crashedKey = "";
    // The process "dies" right after the bytes were stored: the upload never goes on.
    void uploadDocument(deps(), user.id, { title: "Mati", fileName: "a.png", body: Readable.from([await image("png")]) }, {
      afterBytesStored: (key) => {
        crashedKey = key;
        return new Promise<void>(() => {});
      },
    });
    await expect.poll(() => crashedKey).not.toBe("");
    const kept = await uploadDocument(deps(), user.id, { title: "Hidup", fileName: "b.png", body: Readable.from([await image("png")]) });
    const storage = createDiskStorage(storageDir);
    expect(await storage.exists(crashedKey)).toBe(true);

    // Too young: it may be an upload still writing its metadata.
    expect(await sweepOrphanBytes({ storage })).toBe(0);
    expect(await storage.exists(crashedKey)).toBe(true);

    const later = new Date(Date.now() + 2 * 60 * 60 * 1000);
    expect(await sweepOrphanBytes({ storage }, later)).toBeGreaterThanOrEqual(1);
    expect(await storage.exists(crashedKey)).toBe(false);
    expect((await storedFiles(user.id)).sort()).toEqual([kept.id, `${kept.id}.thumb.webp`].sort());
    expect(await sweepOrphanBytes({ storage }, later)).toBe(0);
  });
});
