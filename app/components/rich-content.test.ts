import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RichContent, safeUrl } from "./rich-content.tsx";

const render = (document: unknown) => renderToStaticMarkup(createElement(RichContent, { document }));
const doc = (...content: unknown[]) => ({ type: "doc", content });
const paragraph = (...content: unknown[]) => ({ type: "paragraph", content });
const text = (value: string, marks?: unknown[]) => ({ type: "text", text: value, marks });
const link = (href: string) => text("klik", [{ type: "link", attrs: { href } }]);

describe("RichContent", () => {
  it("places headings under the page's h1 without skipping a level, whatever the author picked", () => {
    const heading = (level: number, value: string) => ({ type: "heading", attrs: { level }, content: [text(value)] });
    const levels = (html: string) => [...html.matchAll(/<h(\d)[^>]*>([^<]*)</g)].map((match) => `${match[1]}:${match[2]}`);
    // Opening with "heading 2" (the editor's largest), then a jump from 2 to 4.
    expect(levels(render(doc(heading(2, "a"), heading(4, "b"), heading(3, "c"), heading(2, "d"))))).toEqual(["2:a", "3:b", "3:c", "2:d"]);
    // Deep in a blockquote, then an invalid level (read as the default, 2): never below the h1's child.
    expect(levels(render(doc({ type: "blockquote", content: [heading(6, "x")] }, heading(9, "y"))))).toEqual(["2:x", "2:y"]);
  });

  it("renders the supported nodes and marks as fixed elements", () => {
    const html = render(
      doc(
        { type: "heading", attrs: { level: 1 }, content: [text("Judul")] },
        paragraph(text("tebal", [{ type: "bold" }]), text(" "), text("miring", [{ type: "italic" }]), { type: "hardBreak" }, text("x", [{ type: "code" }])),
        { type: "bulletList", content: [{ type: "listItem", content: [paragraph(text("satu"))] }] },
        { type: "orderedList", attrs: { start: 3 }, content: [{ type: "listItem", content: [paragraph(text("tiga"))] }] },
        { type: "codeBlock", attrs: { language: "ts" }, content: [text("const a = 1 < 2;")] },
        { type: "blockquote", content: [paragraph(text("kutipan"))] },
        {
          type: "table",
          content: [
            { type: "tableRow", content: [{ type: "tableHeader", content: [paragraph(text("Kolom"))] }] },
            { type: "tableRow", content: [{ type: "tableCell", content: [paragraph(text("Isi"))] }] },
          ],
        },
        { type: "image", attrs: { src: "https://example.com/a.png", alt: "gambar" } },
        { type: "horizontalRule" },
      ),
    );
    expect(html).toMatch(/<h2[^>]*>Judul<\/h2>/);
    expect(html).toContain("<strong>tebal</strong>");
    expect(html).toContain("<em>miring</em>");
    expect(html).toMatch(/<br\/><code[^>]*>x<\/code>/);
    expect(html).toMatch(/<ul[^>]*><li[^>]*><p[^>]*>satu<\/p><\/li><\/ul>/);
    expect(html).toMatch(/<ol start="3"/);
    expect(html).toContain('<code class="language-ts" data-language="ts">const a = 1 &lt; 2;</code>');
    expect(html).toMatch(/<blockquote[^>]*><p[^>]*>kutipan<\/p><\/blockquote>/);
    expect(html).toMatch(/<th[^>]*><p[^>]*>Kolom<\/p><\/th>/);
    expect(html).toMatch(/<td[^>]*><p[^>]*>Isi<\/p><\/td>/);
    // A member's image URL is another site (the CSP's img-src is 'self' data:): never loaded
    // for every reader (it would track them), shown as a link the reader may choose to open.
    expect(html).not.toContain("<img");
    expect(html).toMatch(/<a href="https:\/\/example.com\/a.png" rel="nofollow ugc noopener noreferrer" target="_blank"[^>]*><svg[^>]*aria-hidden="true"[^>]*>.*<\/svg>gambar<\/a>/);
    expect(html).toMatch(/<hr /);
  });

  it("keeps safe links with rel and target, and drops the anchor of any other scheme", () => {
    expect(render(doc(paragraph(link("https://remix.run/docs"))))).toContain(
      '<a href="https://remix.run/docs" rel="nofollow ugc noopener" target="_blank"',
    );
    expect(render(doc(paragraph(link("mailto:admin@alephdraad.id"))))).toContain('href="mailto:admin@alephdraad.id"');
    for (const href of ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>", "vbscript:x", "/relative", "//evil.example"]) {
      const html = render(doc(paragraph(link(href))));
      expect(html).not.toContain("<a");
      expect(html).toContain("klik");
    }
  });

  it("escapes script-like text and ignores unknown nodes, attributes and marks", () => {
    const html = render(
      doc(
        paragraph(text('<script>alert("x")</script>', [{ type: "evil", attrs: { onclick: "x" } }])),
        { type: "html", content: [text("<b>raw</b>")] },
        { type: "iframe", attrs: { src: "https://evil.example" } },
        { type: "paragraph", attrs: { onclick: "alert(1)", style: "color:red" }, content: [text("aman")] },
        { type: "image", attrs: { src: "javascript:alert(1)", onerror: "alert(1)" } },
        { type: "codeBlock", attrs: { language: '"><script>' }, content: [text("x")] },
      ),
    );
    expect(html).not.toMatch(/<script|<iframe|<b>|onclick|onerror|style=|javascript:/i);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("aman");
    expect(html).toContain("<pre");
  });

  it("renders nothing for something that is not a document, and survives hostile nesting", () => {
    expect(render(null)).toBe("");
    expect(render("<p>hi</p>")).toBe("");
    expect(render({ type: "paragraph", content: [text("x")] })).toBe("");
    let deep: unknown = text("dalam");
    for (let i = 0; i < 10_000; i++) deep = { type: "blockquote", content: [deep] };
    expect(() => render(doc(deep))).not.toThrow();
  });

  it("allows only the given protocols in URLs", () => {
    const web = new Set(["http:", "https:"]);
    expect(safeUrl("https://a.example/x y", web)).toBe("https://a.example/x%20y");
    expect(safeUrl("mailto:a@b.c", web)).toBeNull();
    expect(safeUrl(42, web)).toBeNull();
  });
});
