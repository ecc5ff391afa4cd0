import type { Prisma } from "../../platform/db/postgres.ts";
import { hideReactionsOfThreads, type ReactionStore } from "../reaction/service.ts";
import { countVisibleRepliesByThread, hideRepliesOfThreads, threadsWithReplyActivitySince, type ReplyStore } from "../reply/service.ts";

// Defined beside deleteThread, which queues the job (thread/service.ts imports nothing from here).
export { HIDE_THREAD_ACTIVITY_TASK, hideActivityJobKey } from "./service.ts";

/** The collections, through their modules' services; each defaults to its model. */
export interface HideActivityDeps {
  replies?: ReplyStore;
  reactions?: ReactionStore;
}

/**
 * Hides every reply and reaction of a deleted thread. Idempotent (only rows still visible are
 * touched, and hiding twice changes nothing), so a retry after a crash halfway simply finishes
 * the work.
 */
export async function hideThreadActivity(deps: HideActivityDeps, threadId: number) {
  const replies = await hideRepliesOfThreads(deps, [threadId]);
  const reactions = await hideReactionsOfThreads(deps, [threadId]);
  return { replies, reactions };
}

/** The periodic task that makes MongoDB agree with PostgreSQL about threads (see below). */
// Crontab task names allow no dot (graphile-worker CRONTAB_COMMAND).
export const RECONCILE_THREAD_ACTIVITY_TASK = "thread_reconcile_activity";

/**
 * How far back the reply counts are checked: threads with a reply written or changed since.
 * A crash between a reply's MongoDB write and its count in PostgreSQL is caught by any run
 * within this window (the task runs every few minutes).
 */
export const RECONCILE_COUNT_WINDOW_MS = 48 * 60 * 60 * 1000;

/** Threads per PostgreSQL page and per MongoDB `$in`. */
const RECONCILE_BATCH = 500;

export interface ReconcileDeps extends HideActivityDeps {
  prisma: Prisma;
}

export interface ReconcileResult {
  /** Replies of deleted threads that were still visible, now hidden. */
  repliesHidden: number;
  /** Reactions of deleted threads that were still visible, now hidden. */
  reactionsHidden: number;
  /** Visible threads whose reply_count disagreed with MongoDB, now set from it. */
  replyCountsFixed: number;
}

/**
 * Finds and fixes every disagreement between the databases about threads, whatever caused it
 * (a hide job that ran out of attempts, a reply or reaction written after its thread's hide
 * job ran, a process that died between a MongoDB write and the PostgreSQL count):
 * - every reply and reaction of a deleted thread is hidden;
 * - the reply_count of a visible thread with recent reply activity is set to its visible,
 *   undeleted replies in MongoDB.
 * Idempotent and safe to run concurrently: hiding only touches rows still visible, and a count
 * is replaced only if it still holds the value read before MongoDB was counted (otherwise a
 * concurrent write moved it). A reply written during a run can leave its thread's count off by
 * one until the next run, which recounts it (its reply is recent). The result counts only real
 * changes.
 */
export async function reconcileThreadActivity(
  deps: ReconcileDeps,
  now: Date = new Date(),
): Promise<ReconcileResult> {
  // One run at a time across every process: a second run finds the lock taken and leaves the
  // work to the first (FerretDB's updateMany does not re-check its filter per document, so two
  // at once would each report the same rows as fixed). The lock goes with its transaction,
  // also when the process dies.
  return deps.prisma.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(hashtext(${RECONCILE_THREAD_ACTIVITY_TASK})) AS locked`;
      if (!lock?.locked) return { repliesHidden: 0, reactionsHidden: 0, replyCountsFixed: 0 };
      return reconcileNow(deps, now);
    },
    { maxWait: 10_000, timeout: RECONCILE_TIMEOUT_MS },
  );
}

/** Longest a run may hold the lock; a run that takes longer is rolled back (its fixes stay). */
const RECONCILE_TIMEOUT_MS = 5 * 60 * 1000;

async function reconcileNow(deps: ReconcileDeps, now: Date): Promise<ReconcileResult> {
  const result: ReconcileResult = { repliesHidden: 0, reactionsHidden: 0, replyCountsFixed: 0 };

  for (let after = 0; ; ) {
    const deleted = await deps.prisma.$queryRaw<{ id: number }[]>`
      SELECT id FROM threads WHERE is_deleted AND id > ${after} ORDER BY id LIMIT ${RECONCILE_BATCH}`;
    if (deleted.length === 0) break;
    after = deleted[deleted.length - 1]!.id;
    const ids = deleted.map((row) => row.id);
    result.repliesHidden += await hideRepliesOfThreads(deps, ids);
    result.reactionsHidden += await hideReactionsOfThreads(deps, ids);
  }

  const since = new Date(now.getTime() - RECONCILE_COUNT_WINDOW_MS);
  result.replyCountsFixed = await recountReplies(deps, await threadsWithReplyActivitySince(deps, since));
  return result;
}

/**
 * Sets the reply_count of each visible (not deleted) thread among `threadIds` to its visible,
 * undeleted replies in MongoDB; answers how many changed. A count is replaced only if it still
 * holds the value read before MongoDB was counted (else a concurrent write moved it, and the
 * next recount sees it). Also used after all of a member's content is hidden or shown.
 */
export async function recountReplies(deps: ReconcileDeps, threadIds: number[]): Promise<number> {
  let fixed = 0;
  for (let start = 0; start < threadIds.length; start += RECONCILE_BATCH) {
    const ids = threadIds.slice(start, start + RECONCILE_BATCH);
    // Read the counts before MongoDB is counted: the compare-and-set below relies on it.
    const threads = await deps.prisma.$queryRaw<{ id: number; reply_count: number }[]>`
      SELECT id, reply_count FROM threads WHERE NOT is_deleted AND id = ANY(${ids}::int[])`;
    if (threads.length === 0) continue;
    const counted = await countVisibleRepliesByThread(deps, threads.map((row) => row.id));
    for (const thread of threads) {
      const actual = counted.get(thread.id) ?? 0;
      if (actual === thread.reply_count) continue;
      fixed += await deps.prisma.$executeRaw`
        UPDATE threads SET reply_count = ${actual}
         WHERE id = ${thread.id} AND reply_count = ${thread.reply_count} AND NOT is_deleted`;
    }
  }
  return fixed;
}
