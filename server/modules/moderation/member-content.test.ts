import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs } from "../../platform/jobs.ts";
import { createLogger } from "../../platform/logger.ts";
import { createDiskStorage } from "../../platform/storage.ts";
import { createForumTestDatabase, createTestAdmin, forumFixtures, testCaller, testRuntime } from "../../testing/forum.ts";
import { connectTestMongo, type TestMongo } from "../../testing/mongo.ts";
import { createJobRegistry } from "../jobs.ts";
import { ReplyModel } from "../reply/reply.model.ts";
import type { ReplyStore } from "../reply/service.ts";
import type { AdminActor } from "../staff-log/service.ts";
import { applyMemberContent, MEMBER_CONTENT_TASK, memberContentJobKey } from "./members.ts";

const logger = createLogger({ level: "silent" });
let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: TestMongo;
let fixtures: ReturnType<typeof forumFixtures>;
let categoryId: number;
let admin: AdminActor;

beforeAll(async () => {
  [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  fixtures = forumFixtures(db.prisma);
  categoryId = (await fixtures.category()).id;
  admin = await createTestAdmin(db.prisma);
});
afterAll(async () => {
  await Promise.all([db?.close(), mongo?.drop()]);
});

const asAdmin = () => testCaller(db.prisma, null, { admin });
const runJobs = () => runDueJobs({ connectionString: db.url, registry: createJobRegistry({ ...testRuntime(db.prisma), storage: createDiskStorage(path.join(tmpdir(), "alephdraad-unused-storage")) }), logger });

/**
 * A member with two threads and three replies (two in someone else's thread, one of them hidden
 * by a moderator on its own), and a deleted thread of someone else's with a reply of theirs.
 */
async function memberWithContent() {
  const [member, other] = await Promise.all([fixtures.user(), fixtures.user()]);
  const own = await Promise.all([1, 2].map(() => fixtures.thread({ categoryId, authorId: member.id })));
  const foreign = await fixtures.thread({ categoryId, authorId: other.id });
  const gone = await fixtures.thread({ categoryId, authorId: other.id });
  const caller = testCaller(db.prisma, member);
  const kept = await caller.reply.create({ threadId: foreign.id, content: "satu" });
  const moderated = await caller.reply.create({ threadId: foreign.id, content: "dua" });
  const inGone = await caller.reply.create({ threadId: gone.id, content: "tiga" });
  await asAdmin().moderation.content.hide({ targetType: "reply", targetId: moderated.id });
  await testCaller(db.prisma, other).thread.delete({ id: gone.id });
  await runJobs(); // the deleted thread's replies are hidden
  return { member, own, foreign, kept, moderated, inGone };
}

async function state(content: Awaited<ReturnType<typeof memberWithContent>>) {
  const threads = await db.prisma.thread.findMany({ where: { authorId: content.member.id }, select: { hiddenWithAuthor: true } });
  const reply = async (id: string) => (await ReplyModel.findById(id).lean())!.isHidden;
  return {
    threadsHidden: threads.map((thread) => thread.hiddenWithAuthor),
    kept: await reply(content.kept.id),
    moderated: await reply(content.moderated.id),
    inGone: await reply(content.inGone.id),
    foreignCount: (await db.prisma.thread.findUniqueOrThrow({ where: { id: content.foreign.id } })).replyCount,
  };
}

const pendingJobs = (userId: number) =>
  db.prisma.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM graphile_worker.jobs WHERE task_identifier = ${MEMBER_CONTENT_TASK} AND key = ${memberContentJobKey(userId)}`;

/** The replies collection, failing every write: the process "dies" between the two databases. */
const failingReplies = new Proxy(ReplyModel, {
  get(target, property, receiver) {
    if (property === "updateMany") return () => Promise.reject(new Error("crash between the two writes"));
    return Reflect.get(target, property, receiver);
  },
}) as ReplyStore;

describe("hiding all of a member's content", () => {
  it("records the intent and a durable job; the job hides threads and replies and recounts; unhiding shows only what it hid", async () => {
    const content = await memberWithContent();
    await asAdmin().moderation.members.hideAllContent({ userId: content.member.id });
    expect(await pendingJobs(content.member.id)).toHaveLength(1);
    expect((await state(content)).threadsHidden).toEqual([false, false]);

    await runJobs();
    expect(await state(content)).toEqual({ threadsHidden: [true, true], kept: true, moderated: true, inGone: true, foreignCount: 0 });
    const list = await testCaller(db.prisma).thread.list({ authorId: content.member.id });
    expect(list.items).toHaveLength(0);

    await asAdmin().moderation.members.unhideAllContent({ userId: content.member.id });
    await runJobs();
    // The moderator's own hide and the deleted thread's stay.
    expect(await state(content)).toEqual({ threadsHidden: [false, false], kept: false, moderated: true, inGone: true, foreignCount: 1 });
    const actions = await db.prisma.staffAction.findMany({ where: { targetId: String(content.member.id) }, orderBy: { id: "asc" } });
    expect(actions.map((action) => action.action)).toEqual(["member.hideAllContent", "member.unhideAllContent"]);
  });

  it("a crash between the PostgreSQL and MongoDB writes is finished by the job's retry: both databases agree", async () => {
    const content = await memberWithContent();
    await asAdmin().moderation.members.hideAllContent({ userId: content.member.id });
    await expect(applyMemberContent({ prisma: db.prisma, replies: failingReplies }, content.member.id)).rejects.toThrow("crash");
    // Half done: the threads are hidden, the replies are not.
    expect(await state(content)).toMatchObject({ threadsHidden: [true, true], kept: false });

    // The job is still there (the crashed run never completed it) and its retry converges.
    expect(await pendingJobs(content.member.id)).toHaveLength(1);
    await runJobs();
    expect(await state(content)).toEqual({ threadsHidden: [true, true], kept: true, moderated: true, inGone: true, foreignCount: 0 });
    expect(await pendingJobs(content.member.id)).toHaveLength(0);

    // Same for the way back.
    await asAdmin().moderation.members.unhideAllContent({ userId: content.member.id });
    await expect(applyMemberContent({ prisma: db.prisma, replies: failingReplies }, content.member.id)).rejects.toThrow("crash");
    await runJobs();
    expect(await state(content)).toEqual({ threadsHidden: [false, false], kept: false, moderated: true, inGone: true, foreignCount: 1 });
  });

  it("a hide and an unhide racing end as the one recorded last, however their jobs interleave", async () => {
    const content = await memberWithContent();
    const userId = content.member.id;
    for (const last of [true, false, true]) {
      await Promise.all([
        asAdmin().moderation.members.hideAllContent({ userId }),
        asAdmin().moderation.members.unhideAllContent({ userId }),
      ]);
      if (last) await asAdmin().moderation.members.hideAllContent({ userId });
      else await asAdmin().moderation.members.unhideAllContent({ userId });
      // Jobs for this member, run concurrently: the advisory lock serialises them, each reads the intent.
      await Promise.all([applyMemberContent({ prisma: db.prisma }, userId), applyMemberContent({ prisma: db.prisma }, userId), runJobs()]);
      const now = await state(content);
      expect(now.threadsHidden).toEqual([last, last]);
      expect(now.kept).toBe(last);
      expect(now.moderated).toBe(true);
      expect(now.foreignCount).toBe(last ? 0 : 1);
    }
  });
});
