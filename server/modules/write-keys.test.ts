import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createThreadActivityTestbed, forumFixtures, testCaller } from "../testing/forum.ts";
import { ReplyModel } from "./reply/reply.model.ts";

/* A reply or thread sent again with its idempotency key (an offline write replayed) is made once. */

let db: Awaited<ReturnType<typeof createThreadActivityTestbed>>;
let writer: { id: number; username: string };
let other: { id: number; username: string };
let categorySlug: string;

beforeAll(async () => {
  db = await createThreadActivityTestbed();
  const fixtures = forumFixtures(db.prisma);
  writer = await fixtures.user({ username: `luring${process.pid}` });
  other = await fixtures.user({ username: `lain${process.pid}` });
  categorySlug = (await fixtures.category()).slug;
});
afterAll(async () => {
  await db?.close();
});

const replyCount = async () => (await db.prisma.thread.findUniqueOrThrow({ where: { id: db.threadId } })).replyCount;
const document = { type: "doc" as const, content: [{ type: "paragraph" as const, content: [{ type: "text" as const, text: "Isi." }] }] };

describe("write keys", () => {
  it("20 concurrent sends of one reply make one reply, counted once, and each answers it", async () => {
    const key = randomUUID();
    const before = await replyCount();
    const caller = testCaller(db.prisma, writer);
    const input = { threadId: db.threadId, content: "dikirim ulang", idempotencyKey: key, writtenBy: writer.id };
    const answers = await Promise.all(Array.from({ length: 20 }, () => caller.reply.create(input)));
    expect(new Set(answers.map((reply) => reply.id)).size).toBe(1);
    expect(await ReplyModel.countDocuments({ threadId: String(db.threadId), content: "dikirim ulang" })).toBe(1);
    expect(await replyCount()).toBe(before + 1);
    // Later, too: the same reply, nothing more counted.
    expect((await caller.reply.create(input)).id).toBe(answers[0]!.id);
    expect(await replyCount()).toBe(before + 1);
    // Without a key, the same text twice is two replies (a member may say the same thing again).
    const { idempotencyKey: _, ...unkeyed } = input;
    await caller.reply.create(unkeyed);
    await caller.reply.create(unkeyed);
    expect(await replyCount()).toBe(before + 3);
  });

  it("20 concurrent sends of one thread make one thread", async () => {
    const key = randomUUID();
    const caller = testCaller(db.prisma, writer);
    const title = `Thread luring ${key}`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => caller.thread.create({ title, categorySlug, contentJson: document, idempotencyKey: key })),
    );
    expect(new Set(answers.map((thread) => thread.id)).size).toBe(1);
    expect(await db.prisma.thread.count({ where: { title } })).toBe(1);
  });

  it("a key is one member's: another member's same key is their own write, and it never reaches the first one's", async () => {
    const key = randomUUID();
    const mine = await testCaller(db.prisma, writer).reply.create({ threadId: db.threadId, content: "punyaku", idempotencyKey: key });
    const theirs = await testCaller(db.prisma, other).reply.create({ threadId: db.threadId, content: "punya dia", idempotencyKey: key });
    expect(theirs.id).not.toBe(mine.id);
    expect(theirs).toMatchObject({ userId: other.id, content: "punya dia" });
  });

  it("refuses a write made by another member, and a key reused for another kind of write", async () => {
    const caller = testCaller(db.prisma, other);
    const before = await replyCount();
    await expect(
      caller.reply.create({ threadId: db.threadId, content: "ditulis orang lain", idempotencyKey: randomUUID(), writtenBy: writer.id }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(caller.thread.create({ title: "Ditulis orang lain", categorySlug, contentJson: document, writtenBy: writer.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await replyCount()).toBe(before);

    const key = randomUUID();
    await caller.reply.create({ threadId: db.threadId, content: "balasan", idempotencyKey: key });
    await expect(caller.thread.create({ title: "Kunci yang sama", categorySlug, contentJson: document, idempotencyKey: key })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await db.prisma.thread.count({ where: { title: "Kunci yang sama" } })).toBe(0);
    await expect(caller.reply.create({ threadId: db.threadId, content: "x", idempotencyKey: "bukan-uuid" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("a reply sent to a deleted thread is refused however often it is sent", async () => {
    const caller = testCaller(db.prisma, writer);
    const input = { threadId: db.deletedThreadId, content: "terlambat", idempotencyKey: randomUUID() };
    await expect(caller.reply.create(input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.reply.create(input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await ReplyModel.countDocuments({ content: "terlambat" })).toBe(0);
  });
});
