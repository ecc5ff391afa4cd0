import { z } from "zod";
import { idPattern, type IdPrefix } from "../platform/ids.ts";

/*
 * Input schemas shared by the routers, with the true bounds of what they point at: an input a
 * schema lets through must be one the database can be asked about, so bad input is a 400, never
 * a 500 from PostgreSQL (int4/int8 overflow) or MongoDB (an invalid Date).
 */

/** The largest PostgreSQL `integer` (int4): every `Int @id @default(autoincrement())`. */
export const INT4_MAX = 2_147_483_647;
/** The largest PostgreSQL `bigint` (int8): every `BigInt @id`. */
export const INT8_MAX = 9_223_372_036_854_775_807n;
/** The ECMAScript Date range: ±8.64e15 ms around the epoch; beyond it a Date is invalid. */
export const MAX_DATE_MS = 8.64e15;

/** The id of a PostgreSQL row with an int4 serial id. */
export const rowId = z.number().int().positive().max(INT4_MAX);

/** The id of a PostgreSQL row with an int8 id, as the decimal string the API hands out. */
export const bigRowId = z
  .string()
  .regex(/^[1-9]\d{0,18}$/)
  .refine((value) => BigInt(value) <= INT8_MAX);

/** A point in time as milliseconds since the epoch that makes a valid Date. */
export const epochMs = z.number().int().min(-MAX_DATE_MS).max(MAX_DATE_MS);

/** A MongoDB document id of one kind: its prefix and a ULID (server/platform/ids.ts). */
export function documentId(prefix: IdPrefix, message: () => string) {
  return z.string().max(40, { error: message }).regex(idPattern(prefix), { error: message });
}

export const threadId = rowId;

// Any short string: an unknown slug is NOT_FOUND (a 404 page), not an input error.
export const categorySlug = z.string().trim().min(1).max(80);
