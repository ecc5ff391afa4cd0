import { Image as ImageIcon } from "lucide-react";
import { Fragment, type ReactNode } from "react";
import { IMAGE_PROTOCOLS, LINK_PROTOCOLS, safeUrl } from "../../shared/safe-url.ts";

export { safeUrl };

/**
 * Renders a thread's contentJson (a ProseMirror/TipTap document) safe by construction: each
 * known node type maps to a fixed React element, unknown nodes are dropped, text is escaped by
 * React, and URLs pass an allow-list. Nothing from the document is ever parsed as HTML.
 */

interface RichNode {
  type?: unknown;
  attrs?: Record<string, unknown>;
  content?: unknown;
  text?: unknown;
  marks?: unknown;
}

// Deeper documents are malformed or hostile; stop rather than exhaust the stack.
const MAX_DEPTH = 40;

function asNode(value: unknown): RichNode | null {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as RichNode) : null;
}

/** The page's heading level (2..6) of each heading node of a document. */
type HeadingLevels = Map<RichNode, number>;

function childrenOf(node: RichNode, depth: number, levels: HeadingLevels): ReactNode[] {
  if (!Array.isArray(node.content) || depth >= MAX_DEPTH) return [];
  return node.content.map((child, index) => renderNode(asNode(child), depth + 1, index, levels));
}

/**
 * Where the document's headings sit under the thread title (the page's h1): its top level is
 * an h2, and no heading is more than one level below the one before it, whatever the author
 * picked (a document that opens with "heading 2" would otherwise jump from h1 to h3, which
 * screen-reader users navigating by headings, and Lighthouse's heading-order audit, trip on).
 */
function headingLevels(root: RichNode): HeadingLevels {
  const headings: Array<{ node: RichNode; level: number }> = [];
  const walk = (node: RichNode, depth: number) => {
    if (node.type === "heading") headings.push({ node, level: intAttr(node, "level", 1, 6) ?? 2 });
    if (!Array.isArray(node.content) || depth >= MAX_DEPTH) return;
    for (const child of node.content) {
      const childNode = asNode(child);
      if (childNode) walk(childNode, depth + 1);
    }
  };
  walk(root, 0);
  const top = Math.min(...headings.map((heading) => heading.level));
  const levels: HeadingLevels = new Map();
  let previous = 1;
  for (const { node, level } of headings) {
    previous = Math.min(level - top + 2, previous + 1, 6);
    levels.set(node, previous);
  }
  return levels;
}

/** The text of a code block: its direct text and hardBreak children (that is all it may hold). */
function codeText(node: RichNode): string {
  if (!Array.isArray(node.content)) return "";
  return node.content
    .map((child) => {
      const childNode = asNode(child);
      if (childNode?.type === "hardBreak") return "\n";
      return childNode?.type === "text" && typeof childNode.text === "string" ? childNode.text : "";
    })
    .join("");
}

function intAttr(node: RichNode, name: string, min: number, max: number): number | undefined {
  const value = node.attrs?.[name];
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

const linkClass =
  "font-medium text-brand-700 underline decoration-brand-700/40 underline-offset-2 hover:decoration-brand-700 dark:text-brand-300 dark:decoration-brand-300/40";

function renderText(node: RichNode, key: number): ReactNode {
  if (typeof node.text !== "string" || node.text === "") return null;
  let element: ReactNode = node.text;
  const marks = Array.isArray(node.marks) ? node.marks.map(asNode) : [];
  for (const mark of marks) {
    switch (mark?.type) {
      case "bold":
        element = <strong>{element}</strong>;
        break;
      case "italic":
        element = <em>{element}</em>;
        break;
      case "strike":
        element = <s>{element}</s>;
        break;
      case "underline":
        element = <u>{element}</u>;
        break;
      case "code":
        element = (
          <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.9em] dark:bg-slate-800">{element}</code>
        );
        break;
      case "link": {
        const href = safeUrl(mark.attrs?.href, LINK_PROTOCOLS);
        if (href) {
          element = (
            <a
              href={href}
              rel="nofollow ugc noopener"
              target="_blank"
              className={linkClass}
            >
              {element}
            </a>
          );
        }
        break;
      }
    }
  }
  return <Fragment key={key}>{element}</Fragment>;
}

const headingClass = "mt-6 mb-2 font-semibold tracking-tight text-slate-900 dark:text-slate-50";
const cellClass = "border border-slate-200 px-3 py-2 text-left align-top dark:border-slate-700";

function renderNode(node: RichNode | null, depth: number, key: number, levels: HeadingLevels): ReactNode {
  if (!node) return null;
  const children = () => childrenOf(node, depth, levels);
  switch (node.type) {
    case "paragraph":
      return <p key={key} className="my-3 leading-relaxed">{children()}</p>;
    case "heading": {
      const level = levels.get(node) ?? 2;
      const Tag = `h${level}` as "h2" | "h3" | "h4" | "h5" | "h6";
      const size = level === 2 ? "text-xl" : level === 3 ? "text-lg" : "text-base";
      return <Tag key={key} className={`${headingClass} ${size}`}>{children()}</Tag>;
    }
    case "text":
      return renderText(node, key);
    case "bulletList":
      return <ul key={key} className="my-3 list-disc space-y-1 pl-6">{children()}</ul>;
    case "orderedList":
      return (
        <ol key={key} start={intAttr(node, "start", 0, 1_000_000)} className="my-3 list-decimal space-y-1 pl-6">
          {children()}
        </ol>
      );
    case "listItem":
      return <li key={key} className="[&>p]:my-1">{children()}</li>;
    case "blockquote":
      return (
        <blockquote
          key={key}
          className="my-4 border-l-4 border-slate-300 pl-4 text-slate-600 italic dark:border-slate-600 dark:text-slate-300"
        >
          {children()}
        </blockquote>
      );
    case "codeBlock": {
      const language = node.attrs?.language;
      const validLanguage = typeof language === "string" && /^[\w+#.-]{1,32}$/.test(language) ? language : null;
      return (
        <pre
          key={key}
          className="my-4 overflow-x-auto rounded-lg bg-slate-900 p-4 text-sm leading-relaxed text-slate-100 dark:bg-slate-950 dark:ring-1 dark:ring-slate-800"
        >
          <code className={validLanguage ? `language-${validLanguage}` : undefined} data-language={validLanguage ?? undefined}>
            {codeText(node)}
          </code>
        </pre>
      );
    }
    case "table":
      return (
        <div key={key} className="my-4 overflow-x-auto">
          <table className="w-full border-collapse text-sm">
            <tbody>{children()}</tbody>
          </table>
        </div>
      );
    case "tableRow":
      return <tr key={key}>{children()}</tr>;
    case "tableHeader":
    case "tableCell": {
      const Cell = node.type === "tableHeader" ? "th" : "td";
      return (
        <Cell
          key={key}
          colSpan={intAttr(node, "colspan", 1, 50)}
          rowSpan={intAttr(node, "rowspan", 1, 50)}
          className={`${cellClass} ${Cell === "th" ? "bg-slate-50 font-semibold dark:bg-slate-800" : ""} [&>p]:my-0`}
        >
          {children()}
        </Cell>
      );
    }
    case "image": {
      // Member image URLs point at other sites; loading them would let any author track every
      // reader (and the CSP's img-src is 'self' data:), so the image is a link to open instead.
      const src = safeUrl(node.attrs?.src, IMAGE_PROTOCOLS);
      if (!src) return null;
      const alt = typeof node.attrs?.alt === "string" && node.attrs.alt.trim() ? node.attrs.alt.trim() : new URL(src).host;
      return (
        <span key={key} className="my-4 block">
          <a href={src} rel="nofollow ugc noopener noreferrer" target="_blank" className={linkClass}>
            <ImageIcon aria-hidden="true" className="mr-1 inline h-4 w-4 align-[-0.125em]" />
            {alt}
          </a>
        </span>
      );
    }
    case "hardBreak":
      return <br key={key} />;
    case "horizontalRule":
      return <hr key={key} className="my-6 border-slate-200 dark:border-slate-700" />;
    default:
      return null;
  }
}

/** A document's body; anything that is not a `doc` node renders nothing. */
export function RichContent({ document }: { document: unknown }) {
  const root = asNode(document);
  if (root?.type !== "doc") return null;
  return <div className="break-words text-slate-800 dark:text-slate-200">{childrenOf(root, 0, headingLevels(root))}</div>;
}
