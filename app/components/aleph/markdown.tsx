import { Link } from "@remix-run/react";
import bash from "highlight.js/lib/languages/bash";
import css from "highlight.js/lib/languages/css";
import dockerfile from "highlight.js/lib/languages/dockerfile";
import go from "highlight.js/lib/languages/go";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import nginx from "highlight.js/lib/languages/nginx";
import python from "highlight.js/lib/languages/python";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";
import type { Element, ElementContent, Root } from "hast";
import { createLowlight } from "lowlight";
import ReactMarkdown, { type Components } from "react-markdown";

/** The languages developers here ask about most; a short list keeps the chat page's bundle light. */
const lowlight = createLowlight({ bash, css, dockerfile, go, javascript, json, nginx, python, sql, typescript, xml, yaml });
lowlight.registerAlias({ bash: ["sh", "shell", "zsh"], javascript: ["js", "jsx"], typescript: ["ts", "tsx"], xml: ["html"], yaml: ["yml"] });

/** Highlights fenced code blocks that name a known language (```ts); others stay plain text. */
function highlightCodeBlocks(node: Root | Element) {
  for (const child of node.children) {
    if (child.type !== "element") continue;
    if (node.type === "element" && node.tagName === "pre" && child.tagName === "code") {
      const className = child.properties?.className;
      const classes = Array.isArray(className) ? className.map(String) : [];
      const language = classes.find((name) => name.startsWith("language-"))?.slice("language-".length);
      if (!language || !lowlight.registered(language)) continue;
      const text = child.children.map((part) => (part.type === "text" ? part.value : "")).join("");
      child.children = lowlight.highlight(language, text).children as ElementContent[];
      child.properties = { ...child.properties, className: [...classes, "hljs"] };
    } else {
      highlightCodeBlocks(child);
    }
  }
}

const rehypePlugins = [() => highlightCodeBlocks];

/**
 * A path inside the forum ("/t/1/judul"), or null. An answer mixes the forum's threads with
 * whatever a provider (and, through retrieval, any member) wrote: only the forum's own pages are
 * linked. "//host" and "/\\host" are other sites to a browser, so they are refused too.
 */
export function forumPath(href: string | undefined): string | null {
  if (!href || !href.startsWith("/") || href.startsWith("//") || href.startsWith("/\\")) return null;
  try {
    const base = "http://forum.invalid";
    const url = new URL(href, base);
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : null;
  } catch {
    return null;
  }
}

const components: Components = {
  // Links into the forum stay in the app; any other link is shown as its words only.
  a: ({ href, children }) => {
    const path = forumPath(href);
    return path ? (
      <Link to={path} className="font-medium text-brand-700 underline decoration-brand-300 underline-offset-2 hover:text-brand-900 dark:text-brand-300 dark:hover:text-brand-100">
        {children}
      </Link>
    ) : (
      <span>{children}</span>
    );
  },
  // No image is loaded from an answer (a remote one would track its reader): its text stays.
  img: ({ alt }) => (alt ? <span>{alt}</span> : null),
};

/**
 * Aleph's answer as Markdown: HTML in it is shown as text, never interpreted (no rehype-raw),
 * react-markdown drops unsafe link protocols such as javascript:, only the forum's own links are
 * links and no image is shown, whatever the provider wrote.
 */
export function MarkdownAnswer({ children }: { children: string }) {
  return (
    <div className="aleph-markdown">
      <ReactMarkdown skipHtml rehypePlugins={rehypePlugins} components={components}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
