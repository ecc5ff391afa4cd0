import { decodeTime } from "ulid";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ID_PREFIXES, isId, newId } from "./ids.ts";

describe("newId", () => {
  it("is the prefix, an underscore and a ULID", () => {
    const id = newId("rpl");
    expect(id).toMatch(/^rpl_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(Math.abs(decodeTime(id.slice(4)) - Date.now())).toBeLessThan(5_000);
  });

  it("is unique and sorts in creation order, even within one millisecond", () => {
    const ids = Array.from({ length: 1_000 }, () => newId("msg"));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it("has a distinct three-letter prefix per kind", () => {
    const prefixes = Object.values(ID_PREFIXES);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const prefix of prefixes) expect(prefix).toMatch(/^[a-z]{3}$/);
    expect(prefixes).toEqual(
      expect.arrayContaining(["rpl", "rct", "wal", "txn", "cht", "msg", "doc", "rpt", "wrn", "ban", "pay"]),
    );
  });
});

describe("isId", () => {
  it("accepts an id of its own kind only", () => {
    const id = newId("wal");
    expect(isId("wal", id)).toBe(true);
    expect(isId("txn", id)).toBe(false);
  });

  it.each([
    ["not a string", 42],
    ["missing", undefined],
    ["empty", ""],
    ["no ULID", "wal_"],
    ["short ULID", "wal_01HN5ZYAQT8XKQVFPQM2XJWK9"],
    ["long ULID", "wal_01HN5ZYAQT8XKQVFPQM2XJWK9TT"],
    ["lower case", "wal_01hn5zyaqt8xkqvfpqm2xjwk9t"],
    ["excluded letter", "wal_01HN5ZYAQT8XKQVFPQM2XJWK9U"],
    ["timestamp overflow", "wal_81HN5ZYAQT8XKQVFPQM2XJWK9T"],
    ["other separator", "wal-01HN5ZYAQT8XKQVFPQM2XJWK9T"],
    ["surrounding text", " wal_01HN5ZYAQT8XKQVFPQM2XJWK9T"],
  ])("rejects %s", (_, value) => {
    expect(isId("wal", value)).toBe(false);
  });

  it("works as a zod refinement", () => {
    const schema = z.object({ replyId: z.string().refine((v) => isId("rpl", v), "not a reply id") });
    expect(schema.safeParse({ replyId: newId("rpl") }).success).toBe(true);
    expect(schema.safeParse({ replyId: newId("rct") }).success).toBe(false);
  });
});
