import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminActor } from "../staff-log/service.ts";
import { createForumTestDatabase, createTestAdmin, forumFixtures, testCaller } from "../../testing/forum.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let admin: AdminActor;
let member: { id: number; username: string };

beforeAll(async () => {
  db = await createForumTestDatabase();
  admin = await createTestAdmin(db.prisma);
  member = await forumFixtures(db.prisma).user();
});
afterAll(async () => {
  await db?.close();
});

const staff = () => testCaller(db.prisma, null, { admin });
const fields = (slug: string, extra: Record<string, unknown> = {}) => ({
  name: `Kategori ${slug}`,
  slug,
  description: "Tentang apa saja",
  color: "#2563EB",
  icon: "rocket",
  ...extra,
});
const logOf = (action: string, targetId: number) =>
  db.prisma.staffAction.findMany({ where: { action, targetId: String(targetId) }, orderBy: { id: "asc" } });
const doc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Isi" }] }] };

describe("admin.categories", () => {
  it("is refused to members and visitors (FORBIDDEN)", async () => {
    const calls = [
      (c: ReturnType<typeof testCaller>) => c.admin.categories.list(),
      (c: ReturnType<typeof testCaller>) => c.admin.categories.create(fields("tolak")),
      (c: ReturnType<typeof testCaller>) => c.admin.categories.move({ id: 1, position: 0 }),
      (c: ReturnType<typeof testCaller>) => c.admin.categories.setArchived({ id: 1, archived: true }),
      (c: ReturnType<typeof testCaller>) => c.admin.categories.update({ id: 1, ...fields("tolak") }),
    ];
    for (const call of calls) {
      await expect(call(testCaller(db.prisma, member))).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(call(testCaller(db.prisma))).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await db.prisma.category.count({ where: { slug: "tolak" } })).toBe(0);
  });

  it("creates a category at the end, logs it, and the public list shows it at once (cache dropped)", async () => {
    const before = await testCaller(db.prisma).category.list(); // fills the cache
    const created = await staff().admin.categories.create(fields("web-dev"));
    expect(created.slug).toBe("web-dev");
    const list = await testCaller(db.prisma).category.list();
    expect(list).toHaveLength(before.length + 1);
    expect(list.at(-1)).toMatchObject({ slug: "web-dev", color: "#2563eb", icon: "rocket" });
    const [row] = await logOf("category.create", created.id);
    expect(row).toMatchObject({ adminId: admin.id, targetType: "category", after: expect.objectContaining({ slug: "web-dev" }) });
  });

  it("refuses a taken slug with CONFLICT and a clear message, on create and on edit", async () => {
    await expect(staff().admin.categories.create(fields("web-dev"))).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("Slug ini sudah dipakai"),
    });
    const other = await staff().admin.categories.create(fields("mobile"));
    await expect(staff().admin.categories.update({ id: other.id, ...fields("web-dev") })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await logOf("category.update", other.id)).toHaveLength(0);
  });

  it("refuses bad input as BAD_REQUEST: slug shape, colour, sizes, an icon outside the set", async () => {
    for (const bad of [
      fields("Web Dev"),
      fields("ok-slug", { color: "red; background:url(x)" }),
      fields("ok-slug", { name: "x".repeat(81) }),
      fields("-a"),
      // Emoji are no longer icons: they depend on the device's font.
      fields("ok-slug", { icon: "🚀" }),
      fields("ok-slug", { icon: "Rocket" }),
    ]) {
      await expect(staff().admin.categories.create(bad)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
  });

  it("edits the fields and logs before and after; NOT_FOUND for an unknown id", async () => {
    const { id } = await staff().admin.categories.create(fields("devops"));
    await staff().admin.categories.update({ id, ...fields("devops-ci", { name: "DevOps & CI" }) });
    expect(await testCaller(db.prisma).category.bySlug({ slug: "devops-ci" })).toMatchObject({ name: "DevOps & CI" });
    const [row] = await logOf("category.update", id);
    expect(row?.before).toMatchObject({ slug: "devops" });
    expect(row?.after).toMatchObject({ slug: "devops-ci", name: "DevOps & CI" });
    await expect(staff().admin.categories.update({ id: 999_999, ...fields("zzz") })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("moves a category to a place and renumbers the list 0..n-1, logged", async () => {
    const list = await staff().admin.categories.list();
    const last = list.at(-1)!;
    const { order } = await staff().admin.categories.move({ id: last.id, position: 0 });
    expect(order[0]).toBe(last.id);
    const after = await staff().admin.categories.list();
    expect(after.map((c) => c.id)).toEqual(order);
    expect(after.map((c) => c.orderIndex)).toEqual(after.map((_, i) => i));
    expect((await logOf("category.move", last.id))[0]).toMatchObject({ before: { position: list.length - 1 }, after: { position: 0 } });
  });

  it("keeps a total order under concurrent moves", async () => {
    for (const slug of ["r1", "r2", "r3", "r4"]) await staff().admin.categories.create(fields(slug));
    const ids = (await staff().admin.categories.list()).map((c) => c.id);
    // Many moves at once, each to a different place: every run must leave one category per place.
    await Promise.all(ids.map((id, i) => staff().admin.categories.move({ id, position: (i * 3) % ids.length })));
    const rows = await db.prisma.category.findMany({ select: { orderIndex: true }, orderBy: { orderIndex: "asc" } });
    expect(rows.map((row) => row.orderIndex)).toEqual(ids.map((_, i) => i));
  });

  it("archives: gone from the public list, refuses new threads, existing threads stay readable; unarchive restores", async () => {
    const author = await forumFixtures(db.prisma).user();
    const { id } = await staff().admin.categories.create(fields("arsip"));
    const writer = testCaller(db.prisma, author);
    const thread = await writer.thread.create({ title: "Thread lama", summary: "Ringkas", categorySlug: "arsip", contentJson: doc });

    await staff().admin.categories.setArchived({ id, archived: true });
    expect((await testCaller(db.prisma).category.list()).map((c) => c.slug)).not.toContain("arsip");
    expect((await staff().admin.categories.list()).find((c) => c.id === id)?.archivedAt).toBeInstanceOf(Date);
    await expect(writer.thread.create({ title: "Thread baru", summary: "Ringkas", categorySlug: "arsip", contentJson: doc })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("diarsipkan"),
    });
    // Its thread is still there, and can still be edited where it is.
    expect(await testCaller(db.prisma).thread.byId({ id: thread.id })).toMatchObject({ id: thread.id });
    await writer.thread.update({ id: thread.id, title: "Thread lama diubah", summary: "Ringkas", categorySlug: "arsip", contentJson: doc });
    // Archiving again changes nothing and logs nothing.
    await staff().admin.categories.setArchived({ id, archived: true });
    expect(await logOf("category.archive", id)).toHaveLength(1);

    await staff().admin.categories.setArchived({ id, archived: false });
    expect((await testCaller(db.prisma).category.list()).map((c) => c.slug)).toContain("arsip");
    expect(await logOf("category.unarchive", id)).toHaveLength(1);
  });
});
