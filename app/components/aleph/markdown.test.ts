import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MarkdownAnswer } from "./markdown.tsx";

const render = (markdown: string) => renderToStaticMarkup(createElement(MarkdownAnswer, null, markdown));

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
    expect(html).toContain('<a href="https://example.com" target="_blank" rel="noopener noreferrer nofollow ugc"');
  });
});
