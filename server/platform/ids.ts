import { monotonicFactory } from "ulid";

/**
 * Ids of MongoDB documents: a type prefix, an underscore and a ULID (`rpl_01HN5ZYAQT8XKQVFPQM2XJWK9T`).
 * The prefix tells a reader (and a zod schema) what an id points at; the ULID sorts by creation time.
 */
export const ID_PREFIXES = {
  reply: "rpl",
  reaction: "rct",
  wallet: "wal",
  transaction: "txn",
  chatSession: "cht",
  chatMessage: "msg",
  document: "doc",
  report: "rpt",
  warning: "wrn",
  deviceBan: "ban",
  paymentOrder: "pay",
  walletState: "wst",
  notification: "ntf",
  webhookMessage: "whm",
} as const;

export type IdPrefix = (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES];

// Monotonic, so ids made in the same millisecond by this process still sort in creation order.
const nextUlid = monotonicFactory();

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${nextUlid()}`;
}

// Crockford base32 without I, L, O, U; a 48-bit timestamp caps the first character at 7.
const ULID_PATTERN = "[0-7][0-9A-HJKMNP-TV-Z]{25}";
const patterns = new Map<string, RegExp>(
  Object.values(ID_PREFIXES).map((prefix) => [prefix, new RegExp(`^${prefix}_${ULID_PATTERN}$`)]),
);

/** Whether `value` is an id of the given kind. */
export function isId(prefix: IdPrefix, value: unknown): value is string {
  return typeof value === "string" && idPattern(prefix).test(value);
}

/** The pattern of an id of the given kind (a zod `.regex`, so the API documents it too). */
export function idPattern(prefix: IdPrefix): RegExp {
  return patterns.get(prefix)!;
}
