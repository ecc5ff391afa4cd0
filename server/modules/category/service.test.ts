import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousCaller, createForumTestDatabase, forumFixtures } from "../../testing/forum.ts";
import { findCategoryBySlug, listCategories } from "./service.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
beforeAll(async () => {
  db = await createForumTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe("category service", () => {
  it("lists categories by orderIndex with counts and last activity of visible threads only", async () => {
    const fixtures = forumFixtures(db.prisma);
    const author = await fixtures.user();
    const second = await fixtures.category({ slug: "kedua", orderIndex: 2 });
    const first = await fixtures.category({ slug: "pertama", orderIndex: 1 });
    const empty = await fixtures.category({ slug: "kosong", orderIndex: 3 });
    await fixtures.thread({ categoryId: first.id, authorId: author.id, lastActivityAt: new Date("2026-01-01T10:00:00Z") });
    await fixtures.thread({ categoryId: first.id, authorId: author.id, lastActivityAt: new Date("2026-01-02T10:00:00Z") });
    // Deleted: neither counted nor the latest activity.
    await fixtures.thread({
      categoryId: first.id,
      authorId: author.id,
      lastActivityAt: new Date("2026-01-05T10:00:00Z"),
      isDeleted: true,
    });
    await fixtures.thread({ categoryId: second.id, authorId: author.id, lastActivityAt: new Date("2026-01-03T10:00:00Z") });

    const categories = await listCategories(db.prisma);

    expect(categories.map((category) => category.slug)).toEqual(["pertama", "kedua", "kosong"]);
    expect(categories[0]).toMatchObject({
      id: first.id,
      threadCount: 2,
      lastActivityAt: new Date("2026-01-02T10:00:00Z"),
    });
    expect(categories[1]).toMatchObject({ id: second.id, threadCount: 1 });
    expect(categories[2]).toMatchObject({ id: empty.id, threadCount: 0, lastActivityAt: null });
  });

  it("finds one category by slug with its stats, or null", async () => {
    expect(await findCategoryBySlug(db.prisma, "pertama")).toMatchObject({ slug: "pertama", threadCount: 2 });
    expect(await findCategoryBySlug(db.prisma, "tidak-ada")).toBeNull();
  });

  it("answers NOT_FOUND in Indonesian for an unknown slug through the router", async () => {
    await expect(anonymousCaller(db.prisma).category.bySlug({ slug: "tidak-ada" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "Kategori tidak ditemukan.",
    });
  });
});
