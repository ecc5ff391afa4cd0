import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createForumTestDatabase, testCaller } from "../../testing/forum.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;

beforeAll(async () => {
  db = await createForumTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe("block.status", () => {
  it("tells the caller whether they blocked a member, by username in any case, and nobody else's blocks", async () => {
    const [ana, budi, citra] = await Promise.all(
      ["ana_status", "budi_status", "citra_status"].map((username) => db.prisma.user.create({ data: { username, email: `${username}@contoh.id` } })),
    );
    const asAna = testCaller(db.prisma, ana!);
    expect(await asAna.block.status({ username: "budi_status" })).toEqual({ userId: budi!.id, blocked: false });
    await asAna.block.add({ username: "budi_status" });
    expect(await asAna.block.status({ username: "BUDI_status" })).toEqual({ userId: budi!.id, blocked: true });
    // Ana's block is hers: Citra has blocked nobody.
    expect(await testCaller(db.prisma, citra!).block.status({ username: "budi_status" })).toEqual({ userId: budi!.id, blocked: false });
    await asAna.block.remove({ userId: budi!.id });
    expect(await asAna.block.status({ username: "budi_status" })).toMatchObject({ blocked: false });
  });

  it("is refused to visitors and answers NOT_FOUND for an unknown member", async () => {
    await expect(testCaller(db.prisma).block.status({ username: "budi_status" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const member = await db.prisma.user.findFirstOrThrow({ where: { username: "ana_status" } });
    await expect(testCaller(db.prisma, member).block.status({ username: "tidak_ada" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "Anggota dengan username itu tidak ditemukan.",
    });
  });
});
