import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it } from "vitest";
import type { RetrievedThread } from "../../../server/modules/chat/retrieval.ts";
import { composeAnswer, escapeMarkdown } from "../../../server/modules/chat/providers/builtin.ts";
import { MarkdownAnswer } from "./markdown.tsx";

const render = (markdown: string) =>
  renderToStaticMarkup(createElement(MemoryRouter, null, createElement(MarkdownAnswer, null, markdown)));

describe("MarkdownAnswer", () => {
  it("renders Markdown and highlights code blocks of known languages", () => {
    const html = render("**Tebal** dan `kode`\n\n```ts\nconst port: number = 3000;\n```\n\n```brainfuck\n+++\n```");
    expect(html).toContain("<strong>Tebal</strong>");
    expect(html).toContain("<code>kode</code>");
    expect(html).toMatch(/<code class="language-ts hljs"><span class="hljs-keyword">const<\/span>/);
    // An unknown language stays plain text.
    expect(html).toContain('<code class="language-brainfuck">+++\n</code>');
  });

  it("never interprets HTML or unsafe links from an answer", () => {
    const html = render('<script>alert(1)</script><img src=x onerror="alert(2)">\n\n[klik](javascript:alert(3)) [luar](https://example.com)');
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("javascript:");
    // A link outside the forum is shown as its text, not followed.
    expect(html).not.toContain('href="https://example.com"');
    expect(html).toContain("luar");
  });

  it("keeps the forum's own links and drops every other link and every remote image, whatever the provider wrote", () => {
    const html = render(
      [
        "[thread](/t/1/halo) [skema](//evil.example/x) [miring](/\\evil.example/x) [abs](https://evil.example/a)",
        "[ref][r] <https://evil.example/auto> ![pelacak](https://evil.example/t.png) ![lokal](/favicon.ico)",
        "",
        "[r]: https://evil.example/ref",
      ].join("\n"),
    );
    expect(html).toContain('href="/t/1/halo"');
    // No link leaves the forum: no scheme, no "//host", no "/\\host" (a backslash is percent-encoded).
    expect(html).not.toMatch(/href="(?:[a-z]+:|\/\/|\/\\)/i);
    expect(html).not.toMatch(/href="https?:[^"]*evil/);
    expect(html).not.toMatch(/src="[^"]*evil/);
    expect(html).not.toContain("<img");
    // The words stay readable.
    expect(html).toContain("skema");
    expect(html).toContain("pelacak");
    expect(html).toContain("ref");
  });
});

const planted: RetrievedThread = {
  id: 7,
  slug: "judul",
  url: "/t/7/judul",
  // A member's title, summary and thread text, written to plant links and images in answers.
  title: "Klik [hadiah](https://evil.example/phish) ![](https://evil.example/t.png)",
  summary: "Ringkasan\n\n# Judul palsu\n<img src=https://evil.example/x.png> [x](https://evil.example) *miring*",
  excerpt: "![pelacak](https://evil.example/t.png) lalu `kode` dan \\[x\\](https://evil.example)",
};

describe("the built-in provider's answer", () => {
  it("shows member text as literal text: no planted links, images or structure", () => {
    const markdown = composeAnswer([planted]);
    const html = render(markdown);
    expect(html).not.toContain("evil.example/phish\"");
    expect(html).not.toMatch(/href="https:\/\/evil/);
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<h1");
    expect(html).not.toContain("<em>");
    // The text is still there, word for word, as text.
    expect(html).toContain("[hadiah](https://evil.example/phish)");
    expect(html).toContain("![](https://evil.example/t.png)");
    expect(html).toContain("# Judul palsu");
    expect(html).toContain("\\[x\\](https://evil.example)");
    // The forum's own link to the thread is kept.
    expect(html).toContain('href="/t/7/judul"');
  });

  it("escapes every Markdown punctuation character so any text renders as itself", () => {
    const text = "a\\b`c*d_e{f}g[h]i<j>k(l)m#n+o-p.q!r|s~t&u\"v'w";
    const html = render(escapeMarkdown(text));
    expect(html).toBe(`<div class="aleph-markdown"><p>${text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#x27;")}</p></div>`);
  });
});
