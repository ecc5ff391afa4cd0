import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { enqueueJob, runDueJobs } from "../../platform/jobs.ts";
import { createLogger } from "../../platform/logger.ts";
import { createMetrics } from "../../platform/metrics.ts";
import { createDiskStorage } from "../../platform/storage.ts";
import { createForumTestDatabase, forumFixtures, testCaller, testRuntime } from "../../testing/forum.ts";
import { connectTestMongo, type TestMongo } from "../../testing/mongo.ts";
import { asClientSees } from "../../testing/errors.ts";
import { createJobRegistry } from "../jobs.ts";
import { ReactionModel } from "../reaction/reaction.model.ts";
import { ReplyModel } from "../reply/reply.model.ts";
import { createReply } from "../reply/service.ts";
import { toggleReaction } from "../reaction/service.ts";
import {
  HIDE_THREAD_ACTIVITY_TASK,
  hideActivityJobKey,
  hideThreadActivity,
  RECONCILE_THREAD_ACTIVITY_TASK,
  reconcileThreadActivity,
} from "./hide-activity.ts";

const logger = createLogger({ level: "silent" });
let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: TestMongo;
let fixtures: ReturnType<typeof forumFixtures>;
let author: { id: number; username: string };
let categoryId: number;
const metrics = createMetrics();
let jobRegistry: ReturnType<typeof createJobRegistry>;

beforeAll(async () => {
  [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  fixtures = forumFixtures(db.prisma);
  author = await fixtures.user();
  categoryId = (await fixtures.category()).id;
  jobRegistry = createJobRegistry({ ...testRuntime(db.prisma), metrics, storage: createDiskStorage(path.join(tmpdir(), "alephdraad-unused-storage")) });
});
afterAll(async () => {
  await Promise.all([db?.close(), mongo?.drop()]);
});

/** A thread with three replies and two reactions in MongoDB. */
async function threadWithActivity() {
  const thread = await fixtures.thread({ categoryId, authorId: author.id });
  const caller = testCaller(db.prisma, author);
  const first = await caller.reply.create({ threadId: thread.id, content: "satu" });
  await caller.reply.create({ threadId: thread.id, parentReplyId: first.id, content: "dua" });
  await caller.reply.create({ threadId: thread.id, content: "tiga" });
  await ReactionModel.create([
    { threadId: String(thread.id), userId: author.id, type: "like" },
    { threadId: String(thread.id), userId: author.id + 1000, type: "fire" },
  ]);
  return thread.id;
}

const visible = async (threadId: number) => ({
  replies: await ReplyModel.countDocuments({ threadId: String(threadId), isHidden: false }),
  reactions: await ReactionModel.countDocuments({ threadId: String(threadId), isHidden: false }),
});

const pendingJobs = (threadId: number) =>
  db.prisma.$queryRaw<{ id: bigint; attempts: number; last_error: string | null }[]>`
    SELECT id, attempts, last_error FROM graphile_worker.jobs
     WHERE task_identifier = ${HIDE_THREAD_ACTIVITY_TASK} AND key = ${hideActivityJobKey(threadId)}`;

const runJobs = (registry?: ReturnType<typeof createJobRegistry>) => runDueJobs({ connectionString: db.url, registry: registry ?? jobRegistry, logger });

describe("deleting a thread hides its MongoDB activity through a durable job", () => {
  it("records the job in the delete's transaction; a job that never ran is done on restart", async () => {
    const threadId = await threadWithActivity();
    await testCaller(db.prisma, author).thread.delete({ id: threadId });

    // The process "crashed" before any worker ran: the job waits in PostgreSQL.
    expect(await visible(threadId)).toEqual({ replies: 3, reactions: 2 });
    expect(await pendingJobs(threadId)).toHaveLength(1);

    await runJobs();
    expect(await visible(threadId)).toEqual({ replies: 0, reactions: 0 });
    expect(await pendingJobs(threadId)).toHaveLength(0);
  });

  it("adds no job when the transaction rolls back", async () => {
    const threadId = await threadWithActivity();
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.thread.update({ where: { id: threadId }, data: { isDeleted: true } });
        await enqueueJob(tx, HIDE_THREAD_ACTIVITY_TASK, { threadId }, { jobKey: hideActivityJobKey(threadId) });
        throw new Error("crash before commit");
      }),
    ).rejects.toThrow("crash before commit");
    expect(await pendingJobs(threadId)).toHaveLength(0);
    expect((await db.prisma.thread.findUniqueOrThrow({ where: { id: threadId } })).isDeleted).toBe(false);
  });

  it("retries a job that failed halfway, finishing the work without redoing or undoing any", async () => {
    const threadId = await threadWithActivity();
    await testCaller(db.prisma, author).thread.delete({ id: threadId });

    // First attempt: the replies get hidden, then MongoDB fails before the reactions.
    const failingHalfway = {
      crontab: "",
      tasks: {
        [HIDE_THREAD_ACTIVITY_TASK]: async (payload: unknown) => {
          const reactions = {
            updateMany: () => {
              throw new Error("MongoDB went away");
            },
          } as unknown as typeof ReactionModel;
          await hideThreadActivity({ replies: ReplyModel, reactions }, (payload as { threadId: number }).threadId);
        },
      },
    };
    await runJobs(failingHalfway);
    expect(await visible(threadId)).toEqual({ replies: 0, reactions: 2 });
    // graphile-worker may record the failure just after runOnce returns (seen on a loaded machine): wait for it.
    const failed = await vi.waitFor(async () => {
      const [job] = await pendingJobs(threadId);
      expect(job).toMatchObject({ attempts: 1, last_error: expect.stringContaining("MongoDB went away") });
      return job!;
    });

    // The retry is due later (backoff); bring it forward instead of waiting.
    await db.prisma.$executeRaw`SELECT graphile_worker.reschedule_jobs(ARRAY[${failed!.id}]::bigint[], run_at := now())`;
    await runJobs();
    expect(await visible(threadId)).toEqual({ replies: 0, reactions: 0 });
    expect(await pendingJobs(threadId)).toHaveLength(0);

    // Running it once more (a duplicate delivery) changes nothing.
    expect(await hideThreadActivity({ replies: ReplyModel, reactions: ReactionModel }, threadId)).toEqual({
      replies: 0,
      reactions: 0,
    });
  });
});

const reconcileDeps = () => ({ prisma: db.prisma, replies: ReplyModel, reactions: ReactionModel });

/** The reconcile as the crontab runs it: a job of its task, worked by the application's registry. */
async function runReconcileJob() {
  await db.prisma.$executeRaw`SELECT graphile_worker.add_job(${RECONCILE_THREAD_ACTIVITY_TASK}, '{}'::json)`;
  await runJobs();
}

/** The counter on /metrics, by kind. */
async function fixesCounted(kind: string): Promise<number> {
  const metric = await metrics.registry.getSingleMetric("reconcile_fixes_total")?.get();
  return metric?.values.find((value) => value.labels.kind === kind)?.value ?? 0;
}

const replyCountOf = async (threadId: number) =>
  (await db.prisma.thread.findUniqueOrThrow({ where: { id: threadId } })).replyCount;

describe("the periodic reconcile makes MongoDB agree with PostgreSQL", () => {
  it("is on the crontab", () => {
    expect(jobRegistry.crontab).toMatch(new RegExp(`^\\S+ \\S+ \\S+ \\S+ \\S+ ${RECONCILE_THREAD_ACTIVITY_TASK}\\b`, "m"));
  });

  it("hides the activity of a deleted thread whose hide job failed for good, and counts it on /metrics", async () => {
    const threadId = await threadWithActivity();
    await testCaller(db.prisma, author).thread.delete({ id: threadId });
    const [job] = await pendingJobs(threadId);
    // MongoDB was down for every attempt: the job is out of attempts and will never run again.
    await db.prisma.$executeRaw`SELECT graphile_worker.permanently_fail_jobs(ARRAY[${job!.id}]::bigint[], 'MongoDB went away')`;
    await runJobs();
    expect(await visible(threadId)).toEqual({ replies: 3, reactions: 2 });

    const [repliesBefore, reactionsBefore] = [await fixesCounted("reply_hidden"), await fixesCounted("reaction_hidden")];
    await runReconcileJob();
    expect(await visible(threadId)).toEqual({ replies: 0, reactions: 0 });
    expect(await fixesCounted("reply_hidden")).toBeGreaterThanOrEqual(repliesBefore + 3);
    expect(await fixesCounted("reaction_hidden")).toBeGreaterThanOrEqual(reactionsBefore + 2);
    const exposed = await metrics.registry.metrics();
    expect(exposed).toMatch(/reconcile_fixes_total\{kind="reply_hidden"\} \d+/);
  });

  it("hides a reply and a reaction that landed after the hide job ran", async () => {
    const threadId = await threadWithActivity();
    await testCaller(db.prisma, author).thread.delete({ id: threadId });
    await runJobs();
    expect(await visible(threadId)).toEqual({ replies: 0, reactions: 0 });

    // Written by a request that checked the thread before the delete, or a process that died
    // before it could undo its write.
    await ReplyModel.create({ threadId: String(threadId), userId: author.id, username: author.username, content: "terlambat" });
    await ReactionModel.updateOne({ threadId: String(threadId), userId: author.id }, { $set: { isHidden: false } });
    expect(await visible(threadId)).toEqual({ replies: 1, reactions: 1 });

    expect(await reconcileThreadActivity(reconcileDeps())).toMatchObject({ repliesHidden: 1, reactionsHidden: 1 });
    expect(await visible(threadId)).toEqual({ replies: 0, reactions: 0 });
  });

  it("recounts a reply count that disagrees with MongoDB", async () => {
    const threadId = await threadWithActivity();
    expect(await replyCountOf(threadId)).toBe(3);
    // A process died between the reply's MongoDB write and its count in PostgreSQL ...
    await ReplyModel.create({ threadId: String(threadId), userId: author.id, username: author.username, content: "empat" });
    const other = await threadWithActivity();
    // ... and another count drifted the other way.
    await db.prisma.thread.update({ where: { id: other }, data: { replyCount: 42 } });

    const before = await fixesCounted("reply_count");
    await runReconcileJob();
    expect(await replyCountOf(threadId)).toBe(4);
    expect(await replyCountOf(other)).toBe(3);
    expect(await fixesCounted("reply_count")).toBe(before + 2);
  });

  it("is idempotent and safe to run twice at once: each disagreement is fixed and counted once", async () => {
    const deletedThread = await threadWithActivity();
    await testCaller(db.prisma, author).thread.delete({ id: deletedThread });
    const [job] = await pendingJobs(deletedThread);
    await db.prisma.$executeRaw`SELECT graphile_worker.permanently_fail_jobs(ARRAY[${job!.id}]::bigint[], 'gave up')`;
    const drifted = await threadWithActivity();
    await db.prisma.thread.update({ where: { id: drifted }, data: { replyCount: 0 } });

    const [first, second] = await Promise.all([reconcileThreadActivity(reconcileDeps()), reconcileThreadActivity(reconcileDeps())]);
    expect(first.repliesHidden + second.repliesHidden).toBe(3);
    expect(first.reactionsHidden + second.reactionsHidden).toBe(2);
    expect(first.replyCountsFixed + second.replyCountsFixed).toBe(1);
    expect(await visible(deletedThread)).toEqual({ replies: 0, reactions: 0 });
    expect(await replyCountOf(drifted)).toBe(3);

    expect(await reconcileThreadActivity(reconcileDeps())).toEqual({ repliesHidden: 0, reactionsHidden: 0, replyCountsFixed: 0 });
  });
});

describe("a reply racing its thread's deletion", () => {
  it("is hidden at once and not counted when the delete and its hide job ran between the check and the write", async () => {
    const threadId = await threadWithActivity();
    const countBefore = await replyCountOf(threadId);
    // The request checked the thread (visible), then the delete committed and its hide job ran,
    // then the request wrote its reply: nothing will ever run the hide job again for it.
    const racing = {
      create: async (document: Parameters<typeof ReplyModel.create>[0]) => {
        await testCaller(db.prisma, author).thread.delete({ id: threadId });
        await runJobs();
        return ReplyModel.create(document);
      },
      updateOne: ReplyModel.updateOne.bind(ReplyModel),
    } as unknown as typeof ReplyModel;
    await expect(
      asClientSees(createReply({ prisma: db.prisma, replies: racing, onListsChanged: async () => {} }, author, { threadId, content: "balapan" })),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await visible(threadId)).toMatchObject({ replies: 0 });
    expect(await replyCountOf(threadId)).toBe(countBefore);
  });
});

describe("a reaction racing its thread's deletion", () => {
  it("is hidden again when the delete and its hide job ran between the check and the write", async () => {
    const threadId = await threadWithActivity();
    // The member's existing reaction is hidden by the job; their toggle then writes isHidden: false.
    const racing = {
      findOneAndDelete: (...args: Parameters<typeof ReactionModel.findOneAndDelete>) => ReactionModel.findOneAndDelete(...args),
      updateOne: async (...args: Parameters<typeof ReactionModel.updateOne>) => {
        if (!(await db.prisma.thread.findUniqueOrThrow({ where: { id: threadId } })).isDeleted) {
          await testCaller(db.prisma, author).thread.delete({ id: threadId });
          await runJobs();
        }
        return ReactionModel.updateOne(...args);
      },
      aggregate: ReactionModel.aggregate.bind(ReactionModel),
      findOne: ReactionModel.findOne.bind(ReactionModel),
    } as unknown as typeof ReactionModel;
    expect(await toggleReaction({ prisma: db.prisma, reactions: racing }, threadId, author.id, "love")).toBeNull();
    expect(await visible(threadId)).toEqual({ replies: 0, reactions: 0 });
  });
});
