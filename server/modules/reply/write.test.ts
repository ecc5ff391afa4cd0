import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousCaller, createTestAdmin, createThreadActivityTestbed, forumFixtures, testCaller } from "../../testing/forum.ts";
import { prepareJobQueue } from "../../platform/jobs.ts";
import { createLogger } from "../../platform/logger.ts";
import { MAX_REPLY_LENGTH } from "./service.ts";

let db: Awaited<ReturnType<typeof createThreadActivityTestbed>>;
let author: { id: number; username: string };
let stranger: { id: number; username: string };

beforeAll(async () => {
  db = await createThreadActivityTestbed();
  const fixtures = forumFixtures(db.prisma);
  author = await fixtures.user({ username: "pembalas" });
  stranger = await fixtures.user({ username: "penonton" });
});
afterAll(async () => {
  await db?.close();
});

const threadRow = () => db.prisma.thread.findUniqueOrThrow({ where: { id: db.threadId } });

describe("reply.create / update / delete", () => {
  it("nests replies from depth 0 to 3, refuses a fourth level, and keeps the thread's count and activity", async () => {
    const caller = testCaller(db.prisma, author);
    const before = await threadRow();
    const top = await caller.reply.create({ threadId: db.threadId, content: "tingkat 0" });
    let parent = top;
    for (const depth of [1, 2, 3]) {
      parent = await caller.reply.create({ threadId: db.threadId, parentReplyId: parent.id, content: `tingkat ${depth}` });
      expect(parent.depth).toBe(depth);
    }
    await expect(
      caller.reply.create({ threadId: db.threadId, parentReplyId: parent.id, content: "tingkat 4" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("4 tingkat") });

    const after = await threadRow();
    expect(after.replyCount).toBe(before.replyCount + 4);
    expect(after.lastActivityAt.getTime()).toBeGreaterThan(before.lastActivityAt.getTime());

    const tree = await anonymousCaller(db.prisma).reply.listByThread({ threadId: db.threadId });
    const outline = (node: (typeof tree.items)[number]): string[] => [node.content, ...node.children.flatMap(outline)];
    expect(tree.items.flatMap(outline)).toEqual(["tingkat 0", "tingkat 1", "tingkat 2", "tingkat 3"]);
  });

  it("refuses visitors, empty, oversized and malformed replies, and replies to a deleted thread", async () => {
    await expect(anonymousCaller(db.prisma).reply.create({ threadId: db.threadId, content: "hai" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    const caller = testCaller(db.prisma, author);
    for (const bad of [
      { threadId: db.threadId, content: "   " },
      { threadId: db.threadId, content: "x".repeat(MAX_REPLY_LENGTH + 1) },
      { threadId: db.threadId, content: "ok", parentReplyId: "bukan-id" },
      { threadId: "1", content: "ok" },
    ]) {
      await expect(caller.reply.create(bad as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    await expect(caller.reply.create({ threadId: db.deletedThreadId, content: "halo" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      caller.reply.create({ threadId: db.threadId, parentReplyId: "rpl_01HN5ZYAQT8XKQVFPQM2XJWK9T", content: "halo" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("keeps script as text", async () => {
    const script = "<script>alert(1)</script>";
    const reply = await testCaller(db.prisma, author).reply.create({ threadId: db.threadId, content: script });
    expect(reply.content).toBe(script);
  });

  it("lets only the author (or an admin) edit and delete; deletion keeps the place in the tree", async () => {
    const caller = testCaller(db.prisma, author);
    const reply = await caller.reply.create({ threadId: db.threadId, content: "asli" });
    const answer = await testCaller(db.prisma, stranger).reply.create({
      threadId: db.threadId,
      parentReplyId: reply.id,
      content: "jawaban",
    });

    await expect(testCaller(db.prisma, stranger).reply.update({ id: reply.id, content: "bajak" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(testCaller(db.prisma, stranger).reply.delete({ id: reply.id })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const edited = await caller.reply.update({ id: reply.id, content: "disunting" });
    expect(edited).toMatchObject({ content: "disunting", editedAt: expect.any(Date) });
    await testCaller(db.prisma, stranger, { admin: await createTestAdmin(db.prisma) }).reply.update({ id: answer.id, content: "oleh admin" });

    const countBefore = (await threadRow()).replyCount;
    await caller.reply.delete({ id: reply.id });
    await expect(caller.reply.delete({ id: reply.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.reply.update({ id: reply.id, content: "lagi" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await threadRow()).replyCount).toBe(countBefore - 1);

    const page = await anonymousCaller(db.prisma).reply.listByThread({ threadId: db.threadId, limit: 50 });
    const deleted = page.items.find((node) => node.id === reply.id)!;
    expect(deleted).toMatchObject({ isDeleted: true, content: "" });
    expect(deleted.children[0]).toMatchObject({ id: answer.id, content: "oleh admin" });
  });

  it("never serves a cached thread or first reply page after a write changed it", async () => {
    // Deleting a thread queues the job that hides its replies.
    await prepareJobQueue(db.url, createLogger({ level: "silent" }));
    const fixtures = forumFixtures(db.prisma);
    const category = await fixtures.category();
    const thread = await fixtures.thread({ categoryId: category.id, authorId: author.id });
    const reader = anonymousCaller(db.prisma);
    const firstPage = () => reader.reply.listByThread({ threadId: thread.id });
    const reply = await testCaller(db.prisma, author).reply.create({ threadId: thread.id, content: "versi satu" });

    expect((await firstPage()).items.map((node) => node.content)).toEqual(["versi satu"]);
    await reader.thread.byId({ id: thread.id });
    await testCaller(db.prisma, author).reply.update({ id: reply.id, content: "versi dua" });
    expect((await firstPage()).items.map((node) => node.content)).toEqual(["versi dua"]);

    await testCaller(db.prisma, author).thread.delete({ id: thread.id });
    await expect(reader.thread.byId({ id: thread.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(firstPage()).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("shows the author's primary badge beside the username", async () => {
    const badge = await db.prisma.badge.create({ data: { name: "Kontributor", color: "#16a34a" } });
    await db.prisma.userBadge.create({ data: { userId: author.id, badgeId: badge.id, isPrimary: true } });
    const reply = await testCaller(db.prisma, author).reply.create({ threadId: db.threadId, content: "dengan lencana" });
    expect(reply.primaryBadge).toEqual({ name: "Kontributor", color: "#16a34a" });
    const page = await anonymousCaller(db.prisma).reply.listByThread({ threadId: db.threadId, limit: 50 });
    expect(page.items.find((node) => node.id === reply.id)?.primaryBadge).toEqual({ name: "Kontributor", color: "#16a34a" });
  });
});
