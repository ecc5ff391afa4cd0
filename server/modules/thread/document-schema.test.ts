import { describe, expect, it } from "vitest";
import { MAX_DOCUMENT_BYTES, MAX_DOCUMENT_DEPTH, threadDocument } from "./document-schema.ts";

const paragraph = (text: string, marks?: unknown[]) => ({ type: "paragraph", content: [{ type: "text", text, ...(marks ? { marks } : {}) }] });
const doc = (...content: unknown[]) => ({ type: "doc", content });

/** A document as TipTap's StarterKit, Table and Image extensions emit it, attributes included. */
const editorDocument = doc(
  { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Deploy Remix" }] },
  paragraph("lihat dokumentasi", [
    { type: "bold" },
    { type: "link", attrs: { href: "https://remix.run/docs", target: "_blank", rel: "noopener noreferrer nofollow", class: null } },
  ]),
  { type: "codeBlock", attrs: { language: "ts" }, content: [{ type: "text", text: "const a = 1;" }] },
  { type: "codeBlock", attrs: { language: null }, content: [{ type: "text", text: "plain" }] },
  {
    type: "table",
    content: [
      { type: "tableRow", content: [{ type: "tableHeader", attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [paragraph("Kolom")] }] },
      { type: "tableRow", content: [{ type: "tableCell", attrs: { colspan: 1, rowspan: 1, colwidth: [120] }, content: [paragraph("Nilai")] }] },
    ],
  },
  { type: "bulletList", content: [{ type: "listItem", content: [paragraph("satu")] }] },
  { type: "orderedList", attrs: { start: 3, type: null }, content: [{ type: "listItem", content: [paragraph("tiga")] }] },
  { type: "blockquote", content: [paragraph("kutipan")] },
  { type: "image", attrs: { src: "https://example.com/a.png", alt: "gambar", title: null, width: null } },
  { type: "horizontalRule" },
  { type: "paragraph" },
);

function issuesOf(value: unknown): string {
  const result = threadDocument.safeParse(value);
  expect(result.success).toBe(false);
  return JSON.stringify(result.error?.issues);
}

describe("threadDocument", () => {
  it("accepts what the editor produces and drops attributes it does not know", () => {
    const parsed = threadDocument.parse(editorDocument);
    const link = (parsed.content[1]!.content![0]!.marks ?? [])[1];
    expect(link).toEqual({ type: "link", attrs: { href: "https://remix.run/docs" } });
    expect(parsed.content[6]).toMatchObject({ attrs: { start: 3 } });
    expect(parsed.content[6]!.attrs).not.toHaveProperty("type");
    expect(parsed.content[4]!.content![1]!.content![0]!.attrs).toEqual({ colspan: 1, rowspan: 1, colwidth: [120] });
  });

  it("refuses javascript:, data: and relative URLs in links and images", () => {
    for (const href of ["javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,<script>x</script>", "/relative", "vbscript:x"]) {
      expect(issuesOf(doc(paragraph("x", [{ type: "link", attrs: { href } }])))).toContain("Tautan harus diawali");
    }
    for (const src of ["javascript:alert(1)", "data:image/png;base64,AAAA", "mailto:a@b.c"]) {
      expect(issuesOf(doc({ type: "image", attrs: { src } }))).toContain("Alamat gambar");
    }
  });

  it("refuses unknown nodes, unknown marks, HTML-ish attributes and malformed shapes", () => {
    issuesOf(doc({ type: "iframe", attrs: { src: "https://evil.example" } }));
    issuesOf(doc(paragraph("x", [{ type: "script" }])));
    issuesOf(doc({ type: "codeBlock", attrs: { language: "js\" onload=\"x" }, content: [{ type: "text", text: "a" }] }));
    issuesOf(doc({ type: "heading", attrs: { level: 9 }, content: [{ type: "text", text: "a" }] }));
    issuesOf({ type: "paragraph", content: [] });
    issuesOf("<p>html</p>");
    issuesOf(null);
    issuesOf(doc({ type: "text", text: "text at block level" }));
  });

  it("refuses an empty document", () => {
    expect(issuesOf(doc({ type: "paragraph" }))).toContain("tidak boleh kosong");
  });

  it("refuses documents that are too large or too deep, before parsing them", () => {
    const big = doc(...Array.from({ length: 20 }, () => paragraph("x".repeat(MAX_DOCUMENT_BYTES / 15))));
    expect(issuesOf(big)).toContain("terlalu panjang");

    let nested: unknown = paragraph("dalam");
    for (let level = 0; level < 5_000; level++) nested = { type: "blockquote", content: [nested] };
    expect(issuesOf(doc(nested))).toContain("terlalu dalam");

    let fine: unknown = paragraph("cukup");
    for (let level = 0; level < MAX_DOCUMENT_DEPTH - 3; level++) fine = { type: "blockquote", content: [fine] };
    expect(threadDocument.safeParse(doc(fine)).success).toBe(true);
  });
});
