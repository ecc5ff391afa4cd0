import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousCaller, createForumTestDatabase, forumFixtures } from "../../testing/forum.ts";
import {
  findThread,
  isThreadVisible,
  listThreads,
  THREAD_EXCERPT_LENGTH,
  visibleThreadExcerpts,
  type ThreadListInput,
  type ThreadSort,
} from "./service.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let fixtures: ReturnType<typeof forumFixtures>;
let authorId: number;
let web: { id: number; slug: string };
let mobile: { id: number; slug: string };

beforeAll(async () => {
  db = await createForumTestDatabase();
  fixtures = forumFixtures(db.prisma);
  authorId = (await fixtures.user({ username: "budi_dev" })).id;
  web = await fixtures.category({ slug: "web", name: "Web", color: "#2563eb" });
  mobile = await fixtures.category({ slug: "mobile" });
});
afterAll(async () => {
  await db?.close();
});

const hour = (n: number) => new Date(Date.UTC(2026, 0, 1, n));

/** Follows the cursors to the end, returning every id in the order seen. */
async function readAll(input: Omit<ThreadListInput, "cursor">, between?: () => Promise<void>) {
  const caller = anonymousCaller(db.prisma);
  const ids: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await caller.thread.list({ ...input, cursor });
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor ?? undefined;
    await between?.();
  } while (cursor);
  return ids;
}

describe("thread service", () => {
  it("pages newest first across ties, without skipping or repeating while threads arrive", async () => {
    const sameTime = hour(1);
    const created: { id: number }[] = [];
    for (const createdAt of [hour(0), sameTime, sameTime, sameTime, hour(2)]) {
      created.push(await fixtures.thread({ categoryId: web.id, authorId, createdAt }));
    }
    // Same millisecond, different microseconds: a JS Date cursor would lose the difference.
    await db.prisma.$executeRaw`UPDATE threads SET created_at = created_at + interval '300 microseconds' WHERE id = ${created[1]!.id}`;
    await db.prisma.$executeRaw`UPDATE threads SET created_at = created_at + interval '200 microseconds' WHERE id = ${created[2]!.id}`;
    const expected = [4, 1, 2, 3, 0].map((index) => created[index]!.id);

    let arrivals = 0;
    const seen = await readAll({ categorySlug: "web", sort: "newest", limit: 2 }, async () => {
      arrivals++;
      await fixtures.thread({ categoryId: web.id, authorId, createdAt: hour(10 + arrivals) });
    });

    expect(seen).toEqual(expected);
  });

  it("orders by last activity for the active sort and leaves out deleted threads", async () => {
    const quiet = await fixtures.thread({ categoryId: mobile.id, authorId, createdAt: hour(5), lastActivityAt: hour(5) });
    const busy = await fixtures.thread({ categoryId: mobile.id, authorId, createdAt: hour(3), lastActivityAt: hour(9) });
    await fixtures.thread({ categoryId: mobile.id, authorId, createdAt: hour(6), isDeleted: true });

    const ids = (sort: ThreadSort) => readAll({ categorySlug: "mobile", sort, limit: 1 });
    expect(await ids("active")).toEqual([busy.id, quiet.id]);
    expect(await ids("newest")).toEqual([quiet.id, busy.id]);
  });

  it("lists every category without a slug, with the item shape pages need", async () => {
    const page = await listThreads(db.prisma, { sort: "newest", limit: 50 });
    const total = await db.prisma.thread.count({ where: { isDeleted: false } });
    expect(page.items).toHaveLength(total);
    expect(page.nextCursor).toBeNull();
    const item = page.items.find((thread) => thread.category.slug === "web")!;
    expect(item).toMatchObject({
      category: { slug: "web", name: "Web", color: "#2563eb" },
      author: { id: authorId, username: "budi_dev" },
      replyCount: 0,
    });
    expect(item.createdAt).toBeInstanceOf(Date);
    expect(item.lastActivityAt).toBeInstanceOf(Date);
    expect(item).not.toHaveProperty("contentJson");
  });

  it("returns an empty page for a category without threads", async () => {
    const empty = await fixtures.category();
    expect(await listThreads(db.prisma, { categorySlug: empty.slug, sort: "active", limit: 20 })).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it("refuses a forged cursor and an out-of-range limit as input errors", async () => {
    const caller = anonymousCaller(db.prisma);
    const forged = Buffer.from(JSON.stringify({ at: "1; DROP TABLE threads", id: 1 })).toString("base64url");
    for (const cursor of [forged, "not base64 json", Buffer.from("[]").toString("base64url")]) {
      await expect(caller.thread.list({ sort: "newest", cursor })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    await expect(caller.thread.list({ sort: "newest", limit: 51 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("finds a visible thread with its content, and nothing for a deleted or missing one", async () => {
    const thread = await fixtures.thread({ categoryId: web.id, authorId, title: "Belajar Remix" });
    const deleted = await fixtures.thread({ categoryId: web.id, authorId, isDeleted: true });

    expect(await findThread(db.prisma, thread.id)).toMatchObject({
      id: thread.id,
      title: "Belajar Remix",
      slug: "belajar-remix",
      contentJson: { type: "doc" },
      category: { slug: "web" },
      author: { id: authorId, username: "budi_dev" },
    });
    expect(await findThread(db.prisma, deleted.id)).toBeNull();
    expect(await isThreadVisible(db.prisma, thread.id)).toBe(true);
    expect(await isThreadVisible(db.prisma, deleted.id)).toBe(false);

    const caller = anonymousCaller(db.prisma);
    for (const id of [deleted.id, 999_999]) {
      await expect(caller.thread.byId({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(caller.thread.byId({ id: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("carries the start of a thread's text as its excerpt, and none of a hidden thread's", async () => {
    const long = `${"kata ".repeat(100)}akhir`;
    const shown = await fixtures.thread({ categoryId: web.id, authorId, title: "Thread dengan teks panjang" });
    const hidden = await fixtures.thread({ categoryId: web.id, authorId, title: "Thread disembunyikan" });
    await db.prisma.thread.updateMany({ where: { id: { in: [shown.id, hidden.id] } }, data: { contentText: long } });
    await db.prisma.thread.update({ where: { id: hidden.id }, data: { hiddenAt: new Date() } });

    const excerpt = (await findThread(db.prisma, shown.id))!.excerpt;
    expect(excerpt.length).toBeLessThanOrEqual(THREAD_EXCERPT_LENGTH);
    expect(excerpt).toMatch(/^kata kata .*kata…$/);
    expect(await findThread(db.prisma, hidden.id)).toMatchObject({ isHidden: true, title: "", summary: "", excerpt: "" });
    const excerpts = await visibleThreadExcerpts(db.prisma, [shown.id, hidden.id]);
    expect([...excerpts.keys()]).toEqual([shown.id]);
    expect(excerpts.get(shown.id)).toBe(excerpt);
  });
});
