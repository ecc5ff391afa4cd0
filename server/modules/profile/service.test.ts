import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousCaller, createThreadActivityTestbed, forumFixtures, testCaller } from "../../testing/forum.ts";

let db: Awaited<ReturnType<typeof createThreadActivityTestbed>>;
let member: { id: number; username: string };

beforeAll(async () => {
  db = await createThreadActivityTestbed();
  const fixtures = forumFixtures(db.prisma);
  member = await fixtures.user({ username: "Profil_Budi" });
  const category = await fixtures.category();
  await fixtures.thread({ categoryId: category.id, authorId: member.id, title: "Thread Budi" });
  await fixtures.thread({ categoryId: category.id, authorId: member.id, isDeleted: true });
  const caller = testCaller(db.prisma, member);
  const reply = await caller.reply.create({ threadId: db.threadId, content: "satu" });
  await caller.reply.create({ threadId: db.threadId, content: "dua" });
  await caller.reply.delete({ id: reply.id });
  const [gold, helper] = await Promise.all([
    db.prisma.badge.create({ data: { name: "Emas", color: "#ca8a04", rarity: "legendary" } }),
    db.prisma.badge.create({ data: { name: "Penolong", color: "#2563eb" } }),
  ]);
  await db.prisma.userBadge.create({ data: { userId: member.id, badgeId: helper.id } });
  await db.prisma.userBadge.create({ data: { userId: member.id, badgeId: gold.id, isPrimary: true } });
});
afterAll(async () => {
  await db?.close();
});

describe("user.publicProfile", () => {
  it("shows join date, visible thread and reply counts, badges with the primary one first", async () => {
    const profile = await anonymousCaller(db.prisma).user.publicProfile({ username: "profil_budi" });
    expect(profile).toMatchObject({
      id: member.id,
      username: "Profil_Budi",
      threadCount: 1,
      replyCount: 1,
      primaryBadge: { name: "Emas", color: "#ca8a04" },
      createdAt: expect.any(Date),
    });
    expect(profile.badges.map((badge) => [badge.name, badge.isPrimary])).toEqual([
      ["Emas", true],
      ["Penolong", false],
    ]);
    expect(profile).not.toHaveProperty("email");
    expect(profile).not.toHaveProperty("passwordHash");
  });

  it("shows the primary badge beside the username in thread lists and on the thread", async () => {
    const caller = anonymousCaller(db.prisma);
    const page = await caller.thread.list({ authorId: member.id });
    expect(page.items[0]?.author.primaryBadge).toEqual({ name: "Emas", color: "#ca8a04" });
    expect((await caller.thread.byId({ id: page.items[0]!.id })).author.primaryBadge).toEqual({ name: "Emas", color: "#ca8a04" });
  });

  it("answers NOT_FOUND for an unknown or locked user and BAD_REQUEST for malformed input", async () => {
    const caller = anonymousCaller(db.prisma);
    await expect(caller.user.publicProfile({ username: "tidak_ada" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const locked = await forumFixtures(db.prisma).user();
    await db.prisma.user.update({ where: { id: locked.id }, data: { isLocked: true } });
    await expect(caller.user.publicProfile({ username: locked.username })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.user.publicProfile({ username: "" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.user.publicProfile({ username: "x".repeat(51) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
