import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminActor } from "../staff-log/service.ts";
import { createThreadActivityTestbed, createTestAdmin, forumFixtures, testCaller } from "../../testing/forum.ts";

let db: Awaited<ReturnType<typeof createThreadActivityTestbed>>;
let admin: AdminActor;
let member: { id: number; username: string };

beforeAll(async () => {
  db = await createThreadActivityTestbed();
  admin = await createTestAdmin(db.prisma);
  member = await forumFixtures(db.prisma).user();
});
afterAll(async () => {
  await db?.close();
});

const staff = () => testCaller(db.prisma, null, { admin });
const badge = (name: string, extra: Record<string, unknown> = {}) => ({ name, description: "Untuk yang rajin", color: "#16A34A", rarity: "rare" as const, ...extra });
const logOf = (action: string) => db.prisma.staffAction.findMany({ where: { action }, orderBy: { id: "asc" } });

describe("admin.badges", () => {
  it("is refused to members and visitors (FORBIDDEN)", async () => {
    for (const caller of [testCaller(db.prisma, member), testCaller(db.prisma)]) {
      await expect(caller.admin.badges.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.admin.badges.create(badge("Tolak"))).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.admin.badges.award({ badgeId: 1, username: member.username })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.admin.badges.revoke({ badgeId: 1, username: member.username })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.admin.badges.holders({ badgeId: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await db.prisma.badge.count()).toBe(0);
  });

  it("creates and edits badges, logged; a taken name is CONFLICT; the icon URL must be http(s)", async () => {
    const { id } = await staff().admin.badges.create(badge("Kontributor", { iconUrl: "https://cdn.example/k.png" }));
    expect((await logOf("badge.create"))[0]).toMatchObject({ adminId: admin.id, targetId: String(id), after: expect.objectContaining({ name: "Kontributor", color: "#16a34a" }) });
    await expect(staff().admin.badges.create(badge("Kontributor"))).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("sudah dipakai") });
    for (const iconUrl of ["javascript:alert(1)", "/relatif.png", "data:image/png;base64,AAAA"]) {
      await expect(staff().admin.badges.create(badge("Ikon buruk", { iconUrl }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    await expect(staff().admin.badges.create(badge("Warna buruk", { color: "red" }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(staff().admin.badges.create(badge("Langka", { rarity: "mythic" }))).rejects.toMatchObject({ code: "BAD_REQUEST" });

    await staff().admin.badges.update({ id, ...badge("Kontributor Aktif", { iconUrl: "" }) });
    const [row] = await logOf("badge.update");
    expect(row).toMatchObject({ before: expect.objectContaining({ name: "Kontributor", iconUrl: "https://cdn.example/k.png" }), after: expect.objectContaining({ name: "Kontributor Aktif", iconUrl: null }) });
    await expect(staff().admin.badges.update({ id: 999_999, ...badge("Apa saja") })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("awards by username (logged, once only) and revokes (logged); unknown member or badge is NOT_FOUND", async () => {
    const { id } = await staff().admin.badges.create(badge("Penolong"));
    await staff().admin.badges.award({ badgeId: id, username: member.username.toUpperCase(), note: "Banyak membantu" });
    expect((await logOf("badge.award")).at(-1)).toMatchObject({ targetType: "user", targetId: String(member.id), note: "Banyak membantu" });
    await expect(staff().admin.badges.award({ badgeId: id, username: member.username })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(staff().admin.badges.award({ badgeId: id, username: "tidak_ada_orangnya" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(staff().admin.badges.award({ badgeId: 999_999, username: member.username })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await logOf("badge.award")).toHaveLength(1);

    const holders = await staff().admin.badges.holders({ badgeId: id });
    expect(holders.items).toEqual([expect.objectContaining({ userId: member.id, username: member.username, isPrimary: false })]);

    await staff().admin.badges.revoke({ badgeId: id, username: member.username });
    expect((await logOf("badge.revoke")).at(-1)).toMatchObject({ targetId: String(member.id), before: expect.objectContaining({ badgeId: id, isPrimary: false }) });
    await expect(staff().admin.badges.revoke({ badgeId: id, username: member.username })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("pages through a badge's holders", async () => {
    const { id } = await staff().admin.badges.create(badge("Ramai"));
    const fixtures = forumFixtures(db.prisma);
    for (let i = 0; i < 5; i++) await staff().admin.badges.award({ badgeId: id, username: (await fixtures.user()).username });
    const first = await staff().admin.badges.holders({ badgeId: id, limit: 3 });
    const second = await staff().admin.badges.holders({ badgeId: id, limit: 3, cursor: first.nextCursor! });
    expect(first.items).toHaveLength(3);
    expect(second).toMatchObject({ nextCursor: null });
    expect(second.items).toHaveLength(2);
  });
});

describe("user.setPrimaryBadge", () => {
  it("picks a held badge; it shows beside the name on threads, replies and the profile; null clears it", async () => {
    const owner = await forumFixtures(db.prisma).user();
    const me = testCaller(db.prisma, owner);
    const [a, b] = [await staff().admin.badges.create(badge("Alfa")), await staff().admin.badges.create(badge("Beta", { color: "#dc2626" }))];
    await staff().admin.badges.award({ badgeId: a.id, username: owner.username });
    await staff().admin.badges.award({ badgeId: b.id, username: owner.username });
    const category = await forumFixtures(db.prisma).category();
    const thread = await forumFixtures(db.prisma).thread({ categoryId: category.id, authorId: owner.id });
    await me.reply.create({ threadId: thread.id, content: "balasan saya" });
    // Cached reads first, so the choice must drop them to show at once.
    await testCaller(db.prisma).thread.byId({ id: thread.id });

    await me.user.setPrimaryBadge({ badgeId: b.id });
    expect((await testCaller(db.prisma).thread.byId({ id: thread.id })).author.primaryBadge).toEqual({ name: "Beta", color: "#dc2626" });
    const replies = await testCaller(db.prisma).reply.listByThread({ threadId: thread.id });
    expect(replies.items[0]).toMatchObject({ primaryBadge: { name: "Beta" } });
    const profile = await testCaller(db.prisma).user.publicProfile({ username: owner.username });
    expect(profile.primaryBadge).toMatchObject({ name: "Beta" });
    expect(profile.badges.filter((badge) => badge.isPrimary).map((badge) => badge.name)).toEqual(["Beta"]);
    expect((await me.user.badges()).map((badge) => [badge.name, badge.isPrimary])).toEqual([["Beta", true], ["Alfa", false]]);

    await me.user.setPrimaryBadge({ badgeId: null });
    expect((await testCaller(db.prisma).thread.byId({ id: thread.id })).author.primaryBadge).toBeNull();
  });

  it("refuses a badge the member does not hold (NOT_FOUND) and visitors (UNAUTHORIZED)", async () => {
    const owner = await forumFixtures(db.prisma).user();
    const { id } = await staff().admin.badges.create(badge("Milik orang lain"));
    await staff().admin.badges.award({ badgeId: id, username: member.username });
    await expect(testCaller(db.prisma, owner).user.setPrimaryBadge({ badgeId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(testCaller(db.prisma).user.setPrimaryBadge({ badgeId: id })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("leaves exactly one primary under 20 concurrent choices", async () => {
    const owner = await forumFixtures(db.prisma).user();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { id } = await staff().admin.badges.create(badge(`Balapan ${i}`));
      await staff().admin.badges.award({ badgeId: id, username: owner.username });
      ids.push(id);
    }
    const me = testCaller(db.prisma, owner);
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => me.user.setPrimaryBadge({ badgeId: ids[i % ids.length]! })));
    expect(results.filter((result) => result.status === "rejected")).toEqual([]);
    expect(await db.prisma.userBadge.count({ where: { userId: owner.id, isPrimary: true } })).toBe(1);
  });

  it("revoking the primary badge leaves the member with none", async () => {
    const owner = await forumFixtures(db.prisma).user();
    const { id } = await staff().admin.badges.create(badge("Sementara"));
    const other = await staff().admin.badges.create(badge("Tetap"));
    await staff().admin.badges.award({ badgeId: id, username: owner.username });
    await staff().admin.badges.award({ badgeId: other.id, username: owner.username });
    await testCaller(db.prisma, owner).user.setPrimaryBadge({ badgeId: id });
    const revoked = await staff().admin.badges.revoke({ badgeId: id, username: owner.username });
    expect(revoked.wasPrimary).toBe(true);
    expect((await testCaller(db.prisma).user.publicProfile({ username: owner.username })).primaryBadge).toBeNull();
  });

  // Two primaries used to be possible (and the profile flagged both): now the database refuses.
  it("the database itself refuses a second primary badge", async () => {
    const owner = await forumFixtures(db.prisma).user();
    const [x, y] = [await db.prisma.badge.create({ data: { name: "X1" } }), await db.prisma.badge.create({ data: { name: "Y1" } })];
    await db.prisma.userBadge.create({ data: { userId: owner.id, badgeId: x.id, isPrimary: true } });
    await expect(db.prisma.userBadge.create({ data: { userId: owner.id, badgeId: y.id, isPrimary: true } })).rejects.toMatchObject({ code: "P2002" });
  });
});
