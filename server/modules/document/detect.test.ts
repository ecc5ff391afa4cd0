import * as m from "../../../shared/paraglide/messages/_index.js";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { asClientSees } from "../../testing/errors.ts";
import { ELF, EXE, image, PDF, SVG, TEXT, ZIP } from "../../testing/document-files.ts";
import { tooLargeError, UploadInspector } from "./detect.ts";

/** Streams `bytes` through an inspector in small chunks, as a network upload arrives. */
async function inspect(bytes: Buffer, limit = 1024 * 1024, chunkSize = 1000) {
  const inspector = new UploadInspector(limit, () => tooLargeError(limit));
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) chunks.push(bytes.subarray(at, at + chunkSize));
  const passed: Buffer[] = [];
  await pipeline(
    Readable.from(chunks),
    inspector,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        passed.push(chunk);
        done();
      },
    }),
  );
  return { ...inspector.result(), passed: Buffer.concat(passed) };
}

async function refusal(bytes: Buffer, limit?: number) {
  const error = await asClientSees(inspect(bytes, limit)).then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error, "the upload was accepted").not.toBeNull();
  return error as { code: string; message: string };
}

describe("an upload's type is decided from its bytes", () => {
  it("accepts PDF, PNG, JPEG, WebP and GIF as what they are, bytes passed on unchanged", async () => {
    const files: [Buffer, string][] = [
      [PDF, "application/pdf"],
      [await image("png"), "image/png"],
      [await image("jpeg"), "image/jpeg"],
      [await image("webp"), "image/webp"],
      [await image("gif"), "image/gif"],
    ];
    for (const [bytes, type] of files) {
      const result = await inspect(bytes);
      expect(result.type, type).toBe(type);
      expect(result.size).toBe(bytes.length);
      expect(result.passed.equals(bytes)).toBe(true);
    }
  });

  it("accepts UTF-8 text with tabs and line ends, and hashes what it saw", async () => {
    const result = await inspect(TEXT, 1024 * 1024, 7);
    expect(result.type).toBe("text/plain");
    expect(result.sha256).toBe((await import("node:crypto")).createHash("sha256").update(TEXT).digest("hex"));
  });

  it("accepts text longer than the sniffing sample, split inside a multi-byte character", async () => {
    const long = Buffer.from("🚀 baris teks biasa\n".repeat(2000));
    expect((await inspect(long, 1024 * 1024, 4097)).type).toBe("text/plain");
  });

  it("refuses executables, archives and SVG with the message, whatever their name", async () => {
    for (const bytes of [ELF, EXE, ZIP, SVG, Buffer.from("<html><script>alert(1)</script></html>")]) {
      const seen = await refusal(bytes);
      expect(seen).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE", message: m.error_document_unsupportedType() });
    }
  });

  it("refuses text with a NUL or other control character, and bytes that are no UTF-8", async () => {
    const late = Buffer.concat([Buffer.from("a".repeat(10_000)), Buffer.from([0]), Buffer.from("b")]);
    for (const bytes of [Buffer.from("teks\0biner"), Buffer.from("bel \u0007"), late, Buffer.from([0xc3, 0x28, 0x61]), Buffer.from([0xe2, 0x82])]) {
      expect((await refusal(bytes)).code).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
  });

  it("refuses an empty file", async () => {
    expect(await refusal(Buffer.alloc(0))).toMatchObject({ code: "BAD_REQUEST", message: "Berkas kosong tidak dapat diunggah." });
  });

  it("takes exactly the limit and fails at the first byte past it", async () => {
    const limit = 50_000;
    expect((await inspect(Buffer.alloc(limit, 0x61), limit)).size).toBe(limit);
    expect(await refusal(Buffer.alloc(limit + 1, 0x61), limit)).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });
});
