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

const components: Components = {
  // Links into the forum stay in the app; anything else opens apart and is not endorsed.
  a: ({ href = "", children }) =>
    href.startsWith("/") && !href.startsWith("//") ? (
      <Link to={href} className="font-medium text-brand-700 underline decoration-brand-300 underline-offset-2 hover:text-brand-900 dark:text-brand-300 dark:hover:text-brand-100">
        {children}
      </Link>
    ) : (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow ugc" className="text-brand-700 underline dark:text-brand-300">
        {children}
      </a>
    ),
};

/**
 * Aleph's answer as Markdown: HTML in it is shown as text, never interpreted (no rehype-raw),
 * and react-markdown drops unsafe link protocols such as javascript:.
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
