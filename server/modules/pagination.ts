import { z } from "zod";
import { epochMs } from "./schemas.ts";
import * as m from "../../shared/paraglide/messages/_index.js";

/**
 * Opaque keyset cursors shared by every paginated list: the position of the last item seen,
 * as base64url JSON. Keyset (not offset) pagination keeps pages stable while new rows arrive.
 */
export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export const pageLimit = z.number().int().min(1).max(50).default(20);

/** A Page of `item` as a procedure's output schema (what REST documents and checks). */
export function pageOutput<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: "Pass back as `cursor` for the next page; null on the last page." }),
  });
}

export function encodeCursor(position: object): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

/** A zod input for a cursor: decodes and validates it, or fails as a plain input error. */
export function cursorInput<T extends z.ZodType>(position: T) {
  return z
    .string()
    .max(300)
    .transform((value, ctx): z.output<T> => {
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
      } catch {
        decoded = undefined;
      }
      const parsed = position.safeParse(decoded);
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: "custom", message: m.input_cursorInvalid() });
      return z.NEVER;
    });
}

/** Splits a `limit + 1` query result into a page: the extra row only says that more exist. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  positionOf: (row: Row) => object,
): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(toItem),
    nextCursor: hasMore && last ? encodeCursor(positionOf(last)) : null,
  };
}

/** Position in a newest-first MongoDB list sorted by `{ createdAt: -1, _id: -1 }`. */
export const newestFirstPosition = z.object({ at: epochMs, id: z.string().max(40) });
export type NewestFirstCursor = z.infer<typeof newestFirstPosition>;
export const newestFirstSort = { createdAt: -1, _id: -1 } as const;

/** The filter for the rows after `cursor` in such a list. */
export function olderThan(cursor: NewestFirstCursor) {
  const at = new Date(cursor.at);
  return { $or: [{ createdAt: { $lt: at } }, { createdAt: at, _id: { $lt: cursor.id } }] };
}

/** The same position in an oldest-first list (`{ createdAt: 1, _id: 1 }`): the rows after it. */
export function newerThan(cursor: NewestFirstCursor) {
  const at = new Date(cursor.at);
  return { $or: [{ createdAt: { $gt: at } }, { createdAt: at, _id: { $gt: cursor.id } }] };
}

export const newestFirstPositionOf = (row: { createdAt: Date; _id: string }): NewestFirstCursor => ({
  at: row.createdAt.getTime(),
  id: row._id,
});
