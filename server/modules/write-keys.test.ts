import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseCrontab } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueJob, runDueJobs } from "../platform/jobs.ts";
import { createLogger } from "../platform/logger.ts";
import { createMetrics } from "../platform/metrics.ts";
import { createDiskStorage } from "../platform/storage.ts";
import { createThreadActivityTestbed, forumFixtures, testCaller, testRuntime } from "../testing/forum.ts";
import { createJobRegistry } from "./jobs.ts";
import { ReplyModel } from "./reply/reply.model.ts";
import { PRUNE_WRITE_KEYS_TASK, pruneWriteKeys, WRITE_KEY_LIFETIME_DAYS } from "./write-keys.ts";

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

describe("pruning write keys", () => {
  const day = 24 * 60 * 60 * 1000;
  /** Keys of `writer` made `ageDays` ago (generate_series: thousands in one statement). */
  const keysAged = async (ageDays: number, count = 1) => {
    const createdAt = new Date(Date.now() - ageDays * day);
    await db.prisma.$executeRaw`
      INSERT INTO write_keys (user_id, key, kind, target_id, created_at)
      SELECT ${writer.id}, gen_random_uuid(), 'reply', 'r' || n, ${createdAt} FROM generate_series(1, ${count}) AS n`;
    return createdAt;
  };
  const countAged = async (createdAt: Date) =>
    (await db.prisma.writeKey.count({ where: { userId: writer.id, createdAt } }));

  it("deletes keys past their lifetime, in batches, and keeps the younger ones", async () => {
    const old = await keysAged(WRITE_KEY_LIFETIME_DAYS + 1, 12_001);
    const justInside = await keysAged(WRITE_KEY_LIFETIME_DAYS - 0.01);
    const fresh = await keysAged(0, 3);
    expect(await pruneWriteKeys(db.prisma, new Date())).toBeGreaterThanOrEqual(12_001);
    expect(await countAged(old)).toBe(0);
    expect(await countAged(justInside)).toBe(1);
    expect(await countAged(fresh)).toBe(3);
    // Nothing due: a second run deletes nothing.
    expect(await pruneWriteKeys(db.prisma, new Date())).toBe(0);
  });

  it("a pruned key no longer makes a send the same write: the resend is a new reply", async () => {
    const caller = testCaller(db.prisma, writer);
    const input = { threadId: db.threadId, content: `lama ${randomUUID()}`, idempotencyKey: randomUUID() };
    const first = await caller.reply.create(input);
    await db.prisma.writeKey.updateMany({ where: { key: input.idempotencyKey }, data: { createdAt: new Date(Date.now() - (WRITE_KEY_LIFETIME_DAYS + 1) * day) } });
    await pruneWriteKeys(db.prisma, new Date());
    expect((await caller.reply.create(input)).id).not.toBe(first.id);
  });

  it("runs as a nightly graphile-worker job", async () => {
    const registry = createJobRegistry({
      ...testRuntime(db.prisma),
      metrics: createMetrics(),
      storage: createDiskStorage(path.join(tmpdir(), "alephdraad-unused-storage")),
    });
    const line = parseCrontab(registry.crontab).find((item) => item.task === PRUNE_WRITE_KEYS_TASK);
    expect(line).toBeDefined();
    expect(registry.tasks[PRUNE_WRITE_KEYS_TASK]).toBeTypeOf("function");

    const old = await keysAged(WRITE_KEY_LIFETIME_DAYS + 2, 2);
    await enqueueJob(db.prisma, PRUNE_WRITE_KEYS_TASK, {});
    await runDueJobs({ connectionString: db.url, registry, logger: createLogger({ level: "silent" }) });
    expect(await countAged(old)).toBe(0);
  });
});
