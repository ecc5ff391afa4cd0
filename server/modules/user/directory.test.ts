import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../../platform/db/generated/client.ts";
import type { AdminActor } from "../staff-log/service.ts";
import { memberSuggestionQuery } from "./directory.ts";
import { createForumTestDatabase, createTestAdmin, testCaller } from "../../testing/forum.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let admin: AdminActor;

beforeAll(async () => {
  db = await createForumTestDatabase();
  admin = await createTestAdmin(db.prisma);
  const users = [
    { username: "Budi_Santoso", email: "budi@contoh.id", isVerified: true },
    { username: "budiman", email: "rahasia@contoh.id", isLocked: true, isVerified: true },
    { username: "citra", email: "BUDI.lain@contoh.id" },
    { username: "dewi", email: "dewi@contoh.id", totpEnabled: true, isVerified: true },
    { username: "pct_x", email: "persen@contoh.id" },
  ];
  for (const data of users) await db.prisma.user.create({ data });
});
afterAll(async () => {
  await db?.close();
});

const search = (input: Parameters<ReturnType<typeof testCaller>["admin"]["members"]["search"]>[0]) =>
  testCaller(db.prisma, null, { admin }).admin.members.search(input);

describe("admin.members.search", () => {
  it("is refused to members and visitors", async () => {
    const member = await db.prisma.user.findFirstOrThrow({ where: { username: "dewi" } });
    await expect(testCaller(db.prisma, member).admin.members.search({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(testCaller(db.prisma).admin.members.search({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("finds by username or e-mail prefix, whatever the case, newest first, with the columns the list shows", async () => {
    const page = await search({ query: "BUDI" });
    expect(page.items.map((row) => row.username)).toEqual(["citra", "budiman", "Budi_Santoso"]);
    expect(page.items[1]).toEqual({
      id: expect.any(Number),
      username: "budiman",
      email: "rahasia@contoh.id",
      createdAt: expect.any(Date),
      isVerified: true,
      isLocked: true,
      totpEnabled: false,
    });
    // A prefix, not a substring; LIKE wildcards are plain characters.
    expect((await search({ query: "santoso" })).items).toEqual([]);
    expect((await search({ query: "%" })).items).toEqual([]);
    expect((await search({ query: "pct_" })).items.map((row) => row.username)).toEqual(["pct_x"]);
  });

  it("filters locked and unverified members", async () => {
    expect((await search({ locked: true })).items.map((row) => row.username)).toEqual(["budiman"]);
    expect((await search({ verified: false })).items.map((row) => row.username)).toEqual(["pct_x", "citra"]);
    expect((await search({ query: "budi", locked: false })).items.map((row) => row.username)).toEqual(["citra", "Budi_Santoso"]);
  });

  it("pages with a cursor and refuses a forged one", async () => {
    const first = await search({ limit: 2 });
    const second = await search({ limit: 2, cursor: first.nextCursor! });
    const third = await search({ limit: 2, cursor: second.nextCursor! });
    expect([...first.items, ...second.items, ...third.items].map((row) => row.username)).toEqual(["pct_x", "dewi", "citra", "budiman", "Budi_Santoso"]);
    expect(third.nextCursor).toBeNull();
    await expect(search({ cursor: "bukan-kursor" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(search({ query: "x".repeat(101) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("user.suggest", () => {
  let caller: Awaited<ReturnType<typeof db.prisma.user.findFirstOrThrow>>;
  const suggest = (prefix: string) => testCaller(db.prisma, caller).user.suggest({ prefix });
  const names = async (prefix: string) => (await suggest(prefix)).items.map((item) => item.username);

  beforeAll(async () => {
    caller = await db.prisma.user.create({ data: { username: "budi_caller", email: "caller@contoh.id" } });
    await db.prisma.user.createMany({
      data: [
        { username: "BUDI.titik", email: "titik@contoh.id" },
        { username: "budi-strip", email: "strip@contoh.id" },
        // Past the upper bound of "budi": the range must stop before it.
        { username: "budj", email: "budj@contoh.id" },
        ...Array.from({ length: 12 }, (_, i) => ({ username: `eko${String(i).padStart(2, "0")}`, email: `eko${i}@contoh.id` })),
      ],
    });
  });

  it("is for signed-in members only", async () => {
    await expect(testCaller(db.prisma).user.suggest({ prefix: "budi" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("answers unlocked members by username prefix, any case, in byte order, without the caller", async () => {
    // budiman is locked, budi_caller is asking, budj only shares "bud".
    expect(await names("BuDi")).toEqual(["budi-strip", "BUDI.titik", "Budi_Santoso"]);
    expect(await names("budi_")).toEqual(["Budi_Santoso"]);
    expect(await names("bud")).toEqual(["budi-strip", "BUDI.titik", "Budi_Santoso", "budj"]);
    expect(await names("dewi")).toEqual(["dewi"]);
    // "_" is a character, not LIKE's wildcard.
    expect(await names("pct_")).toEqual(["pct_x"]);
    expect(await names("pctx")).toEqual([]);
    expect(await names("zzz")).toEqual([]);
  });

  it("answers at most 8", async () => {
    expect(await names("eko")).toEqual(["eko00", "eko01", "eko02", "eko03", "eko04", "eko05", "eko06", "eko07"]);
  });

  it("refuses an empty, too long or non-username prefix in Indonesian", async () => {
    await expect(suggest("")).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("minimal 1 karakter") });
    await expect(suggest("a".repeat(31))).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("maksimal 30") });
    for (const prefix of ["%", "bu di", "budi'--", "ü"]) {
      await expect(suggest(prefix)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
  });

  it("walks the prefix index instead of scanning the members", async () => {
    await db.prisma.user.createMany({
      data: Array.from({ length: 3000 }, (_, i) => ({ username: `isi${i}`, email: `isi${i}@contoh.id` })),
    });
    await db.prisma.$executeRaw`ANALYZE users`;
    const plan = await db.prisma.$queryRaw<{ "QUERY PLAN": string }[]>(
      Prisma.sql`EXPLAIN ${memberSuggestionQuery(caller.id, { prefix: "isi1" })}`,
    );
    const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
    expect(text).toContain("idx_users_username_prefix");
    expect(text).not.toContain("Seq Scan");
  });
});
