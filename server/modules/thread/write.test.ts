import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousCaller, createForumTestDatabase, createTestAdmin, forumFixtures, testCaller } from "../../testing/forum.ts";
import { MAX_DOCUMENT_BYTES } from "./document-schema.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let author: { id: number; username: string };
let stranger: { id: number; username: string };
let category: { id: number; slug: string };

beforeAll(async () => {
  db = await createForumTestDatabase();
  const fixtures = forumFixtures(db.prisma);
  author = await fixtures.user({ username: "penulis" });
  stranger = await fixtures.user({ username: "orang_lain" });
  category = await fixtures.category({ slug: "web" });
});
afterAll(async () => {
  await db?.close();
});

const doc = (text: string, extra: unknown[] = []) => ({
  type: "doc",
  content: [{ type: "paragraph", content: [{ type: "text", text }] }, ...extra],
});
const input = (overrides: Record<string, unknown> = {}) => ({
  title: "Cara deploy Remix ke VPS",
  summary: "Langkah demi langkah",
  categorySlug: "web",
  contentJson: doc("Pertama, siapkan server."),
  ...overrides,
});

describe("thread.create / update / delete", () => {
  it("creates a thread for a member, keeps content_text in sync and answers its canonical address", async () => {
    const created = await testCaller(db.prisma, author).thread.create(
      input({
        title: "  Belajar Tailwind: dari nol!  ",
        contentJson: doc("Kelas utilitas", [
          { type: "codeBlock", attrs: { language: "css" }, content: [{ type: "text", text: ".btn { color: red }" }] },
        ]),
      }),
    );
    expect(created.slug).toBe("belajar-tailwind-dari-nol");
    const stored = await db.prisma.thread.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored).toMatchObject({ title: "Belajar Tailwind: dari nol!", authorId: author.id, categoryId: category.id });
    expect(stored.contentText).toBe("Kelas utilitas\n.btn { color: red }");
    const [row] = await db.prisma.$queryRaw<{ matches: boolean }[]>`
      SELECT search_vector @@ websearch_to_tsquery('simple', 'utilitas') AS matches FROM threads WHERE id = ${created.id}`;
    expect(row?.matches).toBe(true);
  });

  it("refuses visitors, malformed input, unknown categories and oversized content", async () => {
    await expect(anonymousCaller(db.prisma).thread.create(input())).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const caller = testCaller(db.prisma, author);
    const refused = [
      input({ title: "abc" }),
      input({ title: "x".repeat(201) }),
      input({ summary: "x".repeat(501) }),
      input({ contentJson: "<p>halo</p>" }),
      input({ contentJson: { type: "doc", content: [] } }),
      input({ contentJson: doc("x".repeat(MAX_DOCUMENT_BYTES)) }),
      input({ categorySlug: "" }),
      { ...input(), title: 42 },
    ];
    for (const bad of refused) {
      await expect(caller.thread.create(bad as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    await expect(caller.thread.create(input({ categorySlug: "tidak-ada" }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Kategori tidak ditemukan.",
    });
  });

  // Stored as typed; the renderer escapes it (app/components/rich-content.test.ts).
  it("stores script in every text field as plain text and refuses script URLs", async () => {
    const script = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    const caller = testCaller(db.prisma, author);
    const created = await caller.thread.create(input({ title: `Judul ${script}`, summary: script, contentJson: doc(script) }));
    const thread = await caller.thread.byId({ id: created.id });
    expect(thread.title).toBe(`Judul ${script}`);
    expect(thread.summary).toBe(script);
    expect(created.slug).toMatch(/^[a-z0-9-]+$/);
    expect(thread.contentJson).toEqual(doc(script));

    const link = (href: string) =>
      doc("klik", [{ type: "paragraph", content: [{ type: "text", text: "di sini", marks: [{ type: "link", attrs: { href } }] }] }]);
    await expect(caller.thread.create(input({ contentJson: link("javascript:alert(1)") }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const safe = await caller.thread.create(input({ contentJson: link("https://example.com") }));
    expect(JSON.stringify((await caller.thread.byId({ id: safe.id })).contentJson)).toContain('"href":"https://example.com/"');
  });

  it("lets only the author or an admin edit and delete; others get FORBIDDEN", async () => {
    const { id } = await testCaller(db.prisma, author).thread.create(input({ title: "Milik penulis" }));
    await expect(testCaller(db.prisma, stranger).thread.update({ id, ...input({ title: "Dibajak orang" }) })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(testCaller(db.prisma, stranger).thread.delete({ id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(anonymousCaller(db.prisma).thread.delete({ id })).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    const updated = await testCaller(db.prisma, author).thread.update({
      id,
      ...input({ title: "Judul baru setelah disunting", contentJson: doc("isi baru") }),
    });
    expect(updated.slug).toBe("judul-baru-setelah-disunting");
    const stored = await db.prisma.thread.findUniqueOrThrow({ where: { id } });
    expect(stored.contentText).toBe("isi baru");

    const admin = testCaller(db.prisma, stranger, { admin: await createTestAdmin(db.prisma) });
    await admin.thread.update({ id, ...input({ title: "Disunting oleh admin" }) });
    await admin.thread.delete({ id });
    await expect(anonymousCaller(db.prisma).thread.byId({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("answers NOT_FOUND for editing or deleting a deleted or missing thread", async () => {
    const caller = testCaller(db.prisma, author);
    const { id } = await caller.thread.create(input({ title: "Akan dihapus" }));
    await caller.thread.delete({ id });
    await expect(caller.thread.delete({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.thread.update({ id, ...input() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.thread.delete({ id: 2_000_000 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.thread.delete({ id: -1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("shows a new, edited or deleted thread at once in cached lists and category counts", async () => {
    const reader = anonymousCaller(db.prisma);
    const firstPage = () => reader.thread.list({ categorySlug: "web", sort: "newest" });
    const webCount = async () => (await reader.category.list()).find((c) => c.slug === "web")!.threadCount;
    const countBefore = await webCount();
    await firstPage();
    await reader.thread.list({ sort: "active" });

    const caller = testCaller(db.prisma, author);
    const { id } = await caller.thread.create(input({ title: "Thread paling baru" }));
    expect((await firstPage()).items[0]).toMatchObject({ id, title: "Thread paling baru" });
    expect((await reader.thread.list({ sort: "active" })).items[0]?.id).toBe(id);
    expect(await webCount()).toBe(countBefore + 1);

    await caller.thread.update({ id, ...input({ title: "Thread paling baru, disunting" }) });
    expect((await firstPage()).items[0]?.title).toBe("Thread paling baru, disunting");

    await caller.thread.delete({ id });
    expect((await firstPage()).items.map((item) => item.id)).not.toContain(id);
    expect(await webCount()).toBe(countBefore);
  });

  it("lists a profile's threads by author id", async () => {
    const page = await anonymousCaller(db.prisma).thread.list({ authorId: stranger.id });
    expect(page.items).toEqual([]);
    const mine = await anonymousCaller(db.prisma).thread.list({ authorId: author.id, limit: 50 });
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((item) => item.author.id === author.id)).toBe(true);
  });
});
