import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueJob, prepareJobQueue, runDueJobs } from "../../platform/jobs.ts";
import { createLogger } from "../../platform/logger.ts";
import { createForumTestDatabase, forumFixtures, testCaller } from "../../testing/forum.ts";
import { connectTestMongo, type TestMongo } from "../../testing/mongo.ts";
import { jobRegistry } from "../jobs.ts";
import { ReactionModel } from "../reaction/reaction.model.ts";
import { ReplyModel } from "../reply/reply.model.ts";
import { HIDE_THREAD_ACTIVITY_TASK, hideActivityJobKey, hideThreadActivity } from "./hide-activity.ts";

const logger = createLogger({ level: "silent" });
let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: TestMongo;
let fixtures: ReturnType<typeof forumFixtures>;
let author: { id: number; username: string };
let categoryId: number;

beforeAll(async () => {
  [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  await prepareJobQueue(db.url, logger);
  fixtures = forumFixtures(db.prisma);
  author = await fixtures.user();
  categoryId = (await fixtures.category()).id;
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

const runJobs = (registry = jobRegistry) => runDueJobs({ connectionString: db.url, registry, logger });

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
    const [failed] = await pendingJobs(threadId);
    expect(failed).toMatchObject({ attempts: 1, last_error: expect.stringContaining("MongoDB went away") });

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
