import { trimEndOf } from "../../platform/text.ts";

/**
 * Plain text of a rich-content document (editor JSON), kept in threads.content_text for
 * full-text search and snippets. Blocks are separated by newlines so words never run together.
 */
export function contentTextOf(node: unknown): string {
  const parts: string[] = [];
  const walk = (current: unknown) => {
    if (!current || typeof current !== "object") return;
    const { type, text, content } = current as { type?: unknown; text?: unknown; content?: unknown };
    if (type === "text" && typeof text === "string") parts.push(text);
    if (type === "hardBreak") parts.push("\n");
    if (Array.isArray(content)) {
      for (const child of content) walk(child);
      if (type !== "text") parts.push("\n");
    }
  };
  walk(node);
  // Line by line rather than /[ \t]+\n/g, which is quadratic on a long run of spaces:
  // trailing blanks go, and so do the lines they leave empty.
  return parts
    .join("")
    .split("\n")
    .map((line) => trimEndOf(line, " \t"))
    .filter((line) => line !== "")
    .join("\n")
    .trim();
}
