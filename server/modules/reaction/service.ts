import type { Cache } from "../../platform/cache.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { invalidateForumReads } from "../forum-cache.ts";
import { isDuplicateKeyError } from "../../platform/db/mongo-schema.ts";
import { newId } from "../../platform/ids.ts";
import { queueNotificationEvent } from "../notification/events.ts";
import { publishThreadEvent, type LivePublishDeps } from "../live-channels.ts";
import { isThreadVisible, threadNotFound } from "../thread/service.ts";
import { REACTION_TYPES, ReactionModel, type ReactionType } from "./reaction.model.ts";

/** The reactions collection; tests hand in one that races on purpose. */
export type ReactionStore = typeof ReactionModel;

export interface ReactionDeps extends LivePublishDeps {
  prisma: Prisma;
  /** The forum cache: pages show the counts, so every toggle drops it. */
  cache?: Cache;
  /** ReactionModel unless given. */
  reactions?: ReactionStore;
}

export interface ReactionSummary {
  /** Every type is present, zero included, so a client can render the bar as is. */
  counts: Record<ReactionType, number>;
  total: number;
  /** The viewer's own reaction; null when they have none or nobody is signed in. */
  mine: ReactionType | null;
}

/** Reaction counts of a thread, or null when the thread is missing or deleted. */
export async function summarizeReactions(
  { prisma, reactions = ReactionModel }: ReactionDeps,
  threadId: number,
  viewerId: number | null,
): Promise<ReactionSummary | null> {
  if (!(await isThreadVisible(prisma, threadId))) return null;
  const visible = { threadId: String(threadId), isHidden: { $ne: true } };
  const [groups, mine] = await Promise.all([
    reactions.aggregate<{ _id: ReactionType; count: number }>([
      { $match: visible },
      { $group: { _id: "$type", count: { $sum: 1 } } },
    ]),
    viewerId === null ? null : reactions.findOne({ ...visible, userId: viewerId }, { type: 1 }).lean(),
  ]);
  const counts = Object.fromEntries(REACTION_TYPES.map((type) => [type, 0])) as Record<ReactionType, number>;
  for (const group of groups) {
    if (group._id in counts) counts[group._id] = group.count;
  }
  return {
    counts,
    total: Object.values(counts).reduce((sum, count) => sum + count, 0),
    mine: (mine?.type as ReactionType | undefined) ?? null,
  };
}

/**
 * Toggles the viewer's reaction: the same type again removes it, another type replaces it.
 * Each step is one atomic single-document operation and the unique (threadId, userId) index
 * makes a second reaction impossible; an upsert that loses an insert race retries as an update.
 * Answers the summary after the change, or null when the thread is missing or deleted.
 */
export async function toggleReaction(
  given: ReactionDeps,
  threadId: number,
  userId: number,
  type: ReactionType,
): Promise<ReactionSummary | null> {
  const deps = { prisma: given.prisma, reactions: given.reactions ?? ReactionModel };
  if (!(await isThreadVisible(deps.prisma, threadId))) return null;
  const mine = { threadId: String(threadId), userId };
  const removed = await deps.reactions.findOneAndDelete({ ...mine, type, isHidden: false }).lean();
  if (!removed) {
    const upsert = () =>
      deps.reactions.updateOne(
        mine,
        { $set: { type, isHidden: false }, $setOnInsert: { _id: newId("rct"), createdAt: new Date() } },
        { upsert: true, timestamps: false },
      );
    try {
      await upsert();
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await upsert();
    }
    // The upsert makes the reaction visible: if the thread was deleted since the check above,
    // its hide job may already have run, so hide it here (a delete committed after this check
    // queues a job that runs after the write). A crash before this is left to the reconcile.
    if (!(await isThreadVisible(deps.prisma, threadId))) {
      await deps.reactions.updateOne(mine, { $set: { isHidden: true } }, { timestamps: false });
      return null;
    }
    // The thread's author is told (once per member and thread: the event's keys). MongoDB-only
    // write: a crash before this is caught by the notification sweep (the reaction is recent).
    await queueNotificationEvent(deps.prisma, { kind: "reaction", ids: { threadId, userId } });
  }
  if (given.cache) await invalidateForumReads(given.cache);
  const summary = await summarizeReactions(deps, threadId, userId);
  // The counts only: whose reaction is whose stays with each viewer's own summary.
  if (summary) await publishThreadEvent(given, threadId, { type: "reactions", data: { counts: summary.counts } });
  return summary;
}

/** A thread's reaction summary as the API answers it; NotFoundError when the thread is missing or deleted. */
export async function getReactionSummary(deps: ReactionDeps, threadId: number, viewerId: number | null): Promise<ReactionSummary> {
  return (await summarizeReactions(deps, threadId, viewerId)) ?? notFound();
}

/** toggleReaction as the API answers it; NotFoundError when the thread is missing or deleted. */
export async function toggleThreadReaction(
  deps: ReactionDeps,
  threadId: number,
  userId: number,
  type: ReactionType,
): Promise<ReactionSummary> {
  return (await toggleReaction(deps, threadId, userId, type)) ?? notFound();
}

function notFound(): never {
  throw threadNotFound();
}

/**
 * Hides every still-visible reaction of the given (deleted) threads; answers how many it hid.
 * Idempotent: hiding twice changes nothing (thread/hide-activity.ts).
 */
export async function hideReactionsOfThreads(
  { reactions = ReactionModel }: Pick<ReactionDeps, "reactions">,
  threadIds: number[],
): Promise<number> {
  const result = await reactions.updateMany(
    { threadId: { $in: threadIds.map(String) }, isHidden: false },
    { $set: { isHidden: true } },
  );
  return result.modifiedCount;
}

/** A member's visible reaction on a thread (what notifying its author checks first), or null. */
export async function findVisibleReaction(
  { reactions = ReactionModel }: Pick<ReactionDeps, "reactions">,
  threadId: number,
  userId: number,
): Promise<{ type: ReactionType } | null> {
  const found = await reactions.findOne({ threadId: String(threadId), userId, isHidden: false }, { type: 1 }).lean();
  return found ? { type: found.type as ReactionType } : null;
}

/** Reactions made between `since` and `until` (the notification sweep), at most `limit`. */
export async function reactionsCreatedBetween(
  { reactions = ReactionModel }: Pick<ReactionDeps, "reactions">,
  since: Date,
  until: Date,
  limit: number,
): Promise<{ threadId: number; userId: number }[]> {
  const rows = await reactions
    .find({ createdAt: { $gte: since, $lt: until }, isHidden: false }, { threadId: 1, userId: 1 })
    .sort({ createdAt: 1 })
    .limit(limit)
    .lean();
  return rows.map((row) => ({ threadId: Number(row.threadId), userId: row.userId })).filter((row) => Number.isSafeInteger(row.threadId) && row.threadId > 0);
}
