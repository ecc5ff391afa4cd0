import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminActor } from "../staff-log/service.ts";
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
