import { z } from "zod";
import { contentTextOf } from "./content-text.ts";
import { IMAGE_PROTOCOLS, LINK_PROTOCOLS, safeUrl } from "../../../shared/safe-url.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/**
 * What a thread's rich content (the editor's ProseMirror JSON) may contain: an allow-list of
 * nodes, marks and attributes. Unknown attributes are dropped, unknown nodes or marks and
 * unsafe URLs refuse the whole document. Size and depth are checked first, before the
 * recursive parse, so a hostile document cannot exhaust the stack or the CPU.
 */

/** Serialized size of the stored document. */
export const MAX_DOCUMENT_BYTES = 100_000;
/** Nesting of nodes (a table cell in a list in a quote is about 8). */
export const MAX_DOCUMENT_DEPTH = 20;
/** JSON objects and arrays, a bound on the work of validating and rendering. */
export const MAX_DOCUMENT_NODES = 20_000;

export interface DocumentNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DocumentNode[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

const url = (protocols: ReadonlySet<string>, message: () => string) =>
  z
    .string()
    .max(2_000)
    .transform((value, ctx) => {
      const safe = safeUrl(value, protocols);
      if (safe) return safe;
      ctx.addIssue({ code: "custom", message: message() });
      return z.NEVER;
    });

const plainMark = z.object({ type: z.enum(["bold", "italic", "strike", "underline", "code"]) });
// target, rel and class from the editor are dropped: the renderer sets its own.
const linkMark = z.object({
  type: z.literal("link"),
  attrs: z.object({ href: url(LINK_PROTOCOLS, () => m.input_thread_linkProtocol()) }),
});
const mark = z.discriminatedUnion("type", [plainMark, linkMark]);

const text = z.object({
  type: z.literal("text"),
  text: z.string().min(1).max(20_000),
  marks: z.array(mark).max(6).optional(),
});
const hardBreak = z.object({ type: z.literal("hardBreak") });
const inline = z.discriminatedUnion("type", [text, hardBreak]);
const inlineContent = z.array(inline).max(2_000).optional();

const cellAttrs = z
  .object({
    colspan: z.number().int().min(1).max(50).optional(),
    rowspan: z.number().int().min(1).max(50).optional(),
    colwidth: z.array(z.number().int().min(0).max(5_000)).max(50).nullable().optional(),
  })
  .optional();

const block: z.ZodType<DocumentNode> = z.lazy(() =>
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("paragraph"), content: inlineContent }),
    z.object({
      type: z.literal("heading"),
      attrs: z.object({ level: z.number().int().min(1).max(6) }),
      content: inlineContent,
    }),
    z.object({
      type: z.literal("codeBlock"),
      attrs: z
        .object({
          language: z
            .string()
            .regex(/^[\w+#.-]{1,32}$/, { error: () => m.input_thread_codeLanguageInvalid() })
            .nullable()
            .optional(),
        })
        .optional(),
      content: z.array(text.extend({ marks: z.array(z.never()).max(0).optional() })).max(200).optional(),
    }),
    z.object({ type: z.literal("blockquote"), content: blocks }),
    z.object({ type: z.literal("bulletList"), content: z.array(listItem).min(1).max(500) }),
    z.object({
      type: z.literal("orderedList"),
      attrs: z.object({ start: z.number().int().min(0).max(1_000_000).optional() }).optional(),
      content: z.array(listItem).min(1).max(500),
    }),
    z.object({ type: z.literal("horizontalRule") }),
    z.object({
      type: z.literal("image"),
      attrs: z.object({
        src: url(IMAGE_PROTOCOLS, () => m.input_thread_imageProtocol()),
        alt: z.string().max(300).nullable().optional(),
        title: z.string().max(300).nullable().optional(),
      }),
    }),
    z.object({
      type: z.literal("table"),
      content: z
        .array(
          z.object({
            type: z.literal("tableRow"),
            content: z
              .array(
                z.object({ type: z.enum(["tableCell", "tableHeader"]), attrs: cellAttrs, content: blocks }),
              )
              .min(1)
              .max(50),
          }),
        )
        .min(1)
        .max(500),
    }),
  ]),
);
const blocks = z.array(block).min(1).max(1_000);
const listItem = z.object({ type: z.literal("listItem"), content: blocks });

/**
 * Walks the raw JSON without recursion: how deep its nodes nest (through `content`), how deep
 * any value nests (attributes and marks included), and how many objects it has.
 */
function measure(document: unknown): { depth: number; nodes: number } {
  let depth = 0;
  let nodes = 0;
  const stack: { value: unknown; level: number; jsonLevel: number }[] = [{ value: document, level: 1, jsonLevel: 1 }];
  while (stack.length > 0) {
    const { value, level, jsonLevel } = stack.pop()!;
    if (!value || typeof value !== "object") continue;
    nodes++;
    depth = Math.max(depth, level, Math.ceil(jsonLevel / 3));
    if (nodes > MAX_DOCUMENT_NODES || depth > MAX_DOCUMENT_DEPTH) break;
    for (const [key, child] of Object.entries(value)) {
      const entersContent = key === "content" && Array.isArray(child);
      stack.push({ value: child, level: entersContent ? level + 1 : level, jsonLevel: jsonLevel + 1 });
    }
  }
  return { depth, nodes };
}

export const threadDocument = z
  .unknown()
  .superRefine((value, ctx) => {
    // Iterative measure first: JSON.stringify and the parse below recurse.
    const { depth, nodes } = measure(value);
    if (depth > MAX_DOCUMENT_DEPTH) {
      ctx.addIssue({ code: "custom", message: m.input_thread_tooDeep() });
      return;
    }
    if (nodes > MAX_DOCUMENT_NODES) {
      ctx.addIssue({ code: "custom", message: m.input_thread_tooManyNodes() });
      return;
    }
    if (Buffer.byteLength(JSON.stringify(value) ?? "") > MAX_DOCUMENT_BYTES) {
      ctx.addIssue({ code: "custom", message: m.input_thread_tooLong({ kilobytes: MAX_DOCUMENT_BYTES / 1000 }) });
    }
  })
  .pipe(z.object({ type: z.literal("doc"), content: blocks }))
  .refine((document) => contentTextOf(document).length > 0, { error: () => m.input_thread_empty() });

export type ThreadDocument = z.output<typeof threadDocument>;
