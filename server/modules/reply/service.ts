import { z } from "zod";
import type { Prisma } from "../../platform/db/postgres.ts";
import { ForbiddenError, InvalidError, NotFoundError } from "../../platform/errors.ts";
import { isId, newId } from "../../platform/ids.ts";
import { isDuplicateKeyError } from "../../platform/db/mongo-schema.ts";
import type { Cache } from "../../platform/cache.ts";
import { primaryBadgesOf, type BadgeChip } from "../badge/service.ts";
import { queueNotificationEvent } from "../notification/events.ts";
import { cachedForumRead, invalidateForumReads } from "../forum-cache.ts";
import { publishThreadEvent, type LivePublishDeps } from "../live-channels.ts";
import { encodeCursor, toPage, type Page } from "../pagination.ts";
import { MAX_DATE_MS } from "../schemas.ts";
import { deletedThreadIds, isThreadVisible, requireVisibleThread, threadNotFound } from "../thread/service.ts";
import type { Viewer } from "../viewer.ts";
import { claimWriteKey, requireSameWriter, type WriteOnce } from "../write-keys.ts";
import { canEditReply } from "./policies.ts";
import { MAX_REPLY_DEPTH, ReplyModel } from "./reply.model.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/** The replies collection; tests hand in one that fails on purpose. */
export type ReplyStore = typeof ReplyModel;

export interface ReplyDeps {
  prisma: Prisma;
  /** ReplyModel unless given. */
  replies?: ReplyStore;
}

/** Where a page of top-level replies ends: creation time (ms, as MongoDB stores it) and id. */
export const replyCursorPosition = z.object({
  at: z.number().int().min(0).max(MAX_DATE_MS),
  id: z.string().refine((value) => isId("rpl", value)),
});
export type ReplyCursor = z.output<typeof replyCursorPosition>;

export interface ReplyListInput {
  threadId: number;
  /** The reply whose answers to list (its "more replies"); omitted: the thread's top level. */
  parentReplyId?: string;
  cursor?: ReplyCursor;
  limit: number;
}

/**
 * At most this many replies in one page, its top-level replies and their descendants together
 * (else one reply with a big subtree would make `limit: 1` return all of it). A page of `limit`
 * top-level replies carries at most REPLIES_PER_TOP_LEVEL times as many in all.
 */
export const MAX_REPLIES_PER_PAGE = 100;
export const REPLIES_PER_TOP_LEVEL = 10;

export function replyBudgetOf(limit: number): number {
  return Math.min(MAX_REPLIES_PER_PAGE, Math.max(limit, limit * REPLIES_PER_TOP_LEVEL));
}

export interface ReplyNode {
  id: string;
  userId: number;
  username: string;
  /** The author's primary badge, shown beside the username. */
  primaryBadge: BadgeChip | null;
  /** Empty when the reply is deleted or hidden: its place in the tree stays, its text does not. */
  content: string;
  depth: number;
  isDeleted: boolean;
  /** Hidden by moderation (e.g. a banned author) rather than deleted by its author. */
  isHidden: boolean;
  createdAt: Date;
  editedAt: Date | null;
  children: ReplyNode[];
  /**
   * Set when some answers of this reply did not fit in the page: they are the page
   * `listByThread({ threadId, parentReplyId: id, cursor })` returns (after `children`).
   */
  moreReplies: { cursor: string | null } | null;
}

const oldestFirst = { createdAt: 1, _id: 1 } as const;

function toNode(reply: {
  _id: string;
  userId: number;
  username: string;
  content: string;
  depth: number;
  isDeleted: boolean;
  isHidden: boolean;
  createdAt: Date;
  editedAt?: Date | null;
}): ReplyNode {
  const concealed = reply.isDeleted || reply.isHidden;
  return {
    id: reply._id,
    userId: reply.userId,
    username: reply.username,
    primaryBadge: null,
    content: concealed ? "" : reply.content,
    depth: reply.depth,
    isDeleted: reply.isDeleted,
    isHidden: reply.isHidden,
    createdAt: reply.createdAt,
    editedAt: reply.editedAt ?? null,
    children: [],
    moreReplies: null,
  };
}

const positionOf = (reply: { createdAt: Date; _id: string }): ReplyCursor => ({ at: reply.createdAt.getTime(), id: reply._id });

/** Siblings (or any replies) after a position in oldest-first order. */
const after = (position: ReplyCursor) => ({
  $or: [{ createdAt: { $gt: new Date(position.at) } }, { createdAt: new Date(position.at), _id: { $gt: position.id } }],
});

/**
 * A page of a thread's top-level replies (or of one reply's answers), oldest first, each with
 * its subtree (at most MAX_REPLY_DEPTH levels below the top), bounded in total by
 * replyBudgetOf(limit): levels are read breadth-first, each query limited to what is left, and
 * a reply whose answers did not all fit says where they continue (`moreReplies`). Null when the
 * thread is missing or deleted.
 */
export async function listReplies(
  { prisma, replies = ReplyModel }: ReplyDeps,
  input: ReplyListInput,
): Promise<Page<ReplyNode> | null> {
  if (!(await isThreadVisible(prisma, input.threadId))) return null;
  const threadId = String(input.threadId);
  const roots = await replies
    .find({ threadId, parentReplyId: input.parentReplyId ?? null, ...(input.cursor ? after(input.cursor) : {}) })
    .sort(oldestFirst)
    .limit(input.limit + 1)
    .lean();
  const page = toPage(roots, input.limit, toNode, positionOf);

  let remaining = replyBudgetOf(input.limit) - page.items.length;
  let parents = new Map(page.items.map((node) => [node.id, node]));
  // One query per level below the page, each fetching the oldest children of the level above.
  for (let level = 0; level < MAX_REPLY_DEPTH && parents.size > 0; level++) {
    if (remaining <= 0) {
      await markUnread(replies, threadId, parents, null);
      break;
    }
    const children = await replies
      .find({ threadId, parentReplyId: { $in: [...parents.keys()] } })
      .sort(oldestFirst)
      .limit(remaining + 1)
      .lean();
    const kept = children.slice(0, remaining);
    const next = new Map<string, ReplyNode>();
    for (const child of kept) {
      const node = toNode(child);
      parents.get(child.parentReplyId ?? "")?.children.push(node);
      next.set(node.id, node);
    }
    remaining -= kept.length;
    if (children.length > kept.length) {
      // Oldest first across the level: every parent kept a prefix of its answers, and those
      // after the last kept one are where its "more replies" continue.
      await markUnread(replies, threadId, parents, positionOf(kept.at(-1)!));
      await markUnread(replies, threadId, next, null);
      break;
    }
    parents = next;
  }
  await withPrimaryBadges(prisma, page.items);
  return page;
}

/**
 * A page of replies as the API answers it: the first page of a thread, which every view of it
 * reads, from the forum cache; later pages from the database. NotFoundError when the thread is
 * missing or deleted.
 */
export async function getReplyPage(deps: ReplyDeps & { cache: Cache }, input: ReplyListInput): Promise<Page<ReplyNode>> {
  const load = () => listReplies(deps, input);
  const first = !input.cursor && !input.parentReplyId;
  const page = first ? await cachedForumRead(deps.cache, `replies:${input.threadId}:${input.limit}`, load) : await load();
  if (!page) throw threadNotFound();
  return page;
}

/** Sets `moreReplies` on the nodes with answers not read (after `cutoff`, or any when null). */
async function markUnread(
  replies: ReplyStore,
  threadId: string,
  nodes: Map<string, ReplyNode>,
  cutoff: ReplyCursor | null,
): Promise<void> {
  const candidates = [...nodes.values()].filter((node) => node.depth < MAX_REPLY_DEPTH);
  if (candidates.length === 0) return;
  const withMore: (string | null)[] = await replies.distinct("parentReplyId", {
    threadId,
    parentReplyId: { $in: candidates.map((node) => node.id) },
    ...(cutoff ? after(cutoff) : {}),
  });
  for (const id of withMore) {
    const node = id ? nodes.get(id) : undefined;
    if (!node) continue;
    const last = node.children.at(-1);
    node.moreReplies = { cursor: last ? encodeCursor({ at: last.createdAt.getTime(), id: last.id }) : null };
  }
}

/** Fills in the authors' primary badges, throughout the given trees. */
async function withPrimaryBadges(prisma: Prisma, roots: ReplyNode[]): Promise<void> {
  const nodes: ReplyNode[] = [];
  const collect = (list: ReplyNode[]) => {
    for (const node of list) {
      nodes.push(node);
      collect(node.children);
    }
  };
  collect(roots);
  const badges = await primaryBadgesOf(prisma, nodes.map((node) => node.userId));
  for (const node of nodes) node.primaryBadge = badges.get(node.userId) ?? null;
}

export interface ReplyWriteDeps extends ReplyDeps, LivePublishDeps {
  /** The forum cache, dropped after every change unless onListsChanged says otherwise. */
  cache?: Cache;
  /** Called after a change of a thread's reply count or last activity (lists show both). */
  onListsChanged?(): Promise<void>;
}

/** A write's dependencies with the defaults filled in. */
function writeDeps(deps: ReplyWriteDeps) {
  return {
    prisma: deps.prisma,
    replies: deps.replies ?? ReplyModel,
    onListsChanged: deps.onListsChanged ?? (() => (deps.cache ? invalidateForumReads(deps.cache) : Promise.resolve())),
  };
}

export const MAX_REPLY_LENGTH = 10_000;

const replyNotFound = () => new NotFoundError(m.error_reply_notFound());

/** A reply that can still be answered or changed: visible, on a visible thread. */
async function findLiveReply({ prisma, replies = ReplyModel }: ReplyDeps, id: string) {
  const reply = await replies.findOne({ _id: id, isDeleted: false, isHidden: false }).lean();
  if (!reply || !(await isThreadVisible(prisma, Number(reply.threadId)))) throw replyNotFound();
  return reply;
}

/** A reply by id as the API answers it, or null when there is none. */
async function replyNodeOf(deps: { prisma: Prisma; replies: ReplyStore }, id: string): Promise<ReplyNode | null> {
  const reply = await deps.replies.findById(id).lean();
  if (!reply) return null;
  const node = toNode(reply);
  await withPrimaryBadges(deps.prisma, [node]);
  return node;
}

/**
 * Adds a reply to a thread (no parent) or to a reply of it, one level deeper than its parent;
 * deeper than MAX_REPLY_DEPTH is refused. The thread's reply count and last activity follow.
 * With an idempotency key it is made once: the key's first send reserves the reply's id
 * (write-keys.ts); a send again, later or concurrent, answers the reply made with that id.
 */
export async function createReply(
  given: ReplyWriteDeps,
  author: { id: number; username: string },
  input: { threadId: number; parentReplyId?: string; content: string } & WriteOnce,
): Promise<ReplyNode> {
  const deps = writeDeps(given);
  requireSameWriter(input, author.id);
  const fresh = newId("rpl");
  const id = input.idempotencyKey ? ((await claimWriteKey(deps.prisma, author.id, input.idempotencyKey, "reply", fresh)) ?? fresh) : fresh;
  // Sent before with this key: what that send made, whatever became of the thread since.
  const sent = id === fresh ? null : await replyNodeOf(deps, id);
  // Hidden with its thread (deleted as it was sent): the member hears that, as the first send did.
  if (sent?.isHidden && !(await isThreadVisible(deps.prisma, input.threadId))) throw threadNotFound();
  if (sent) return sent;
  await requireVisibleThread(deps.prisma, input.threadId);
  let depth = 0;
  if (input.parentReplyId) {
    const parent = await findLiveReply(deps, input.parentReplyId);
    if (parent.threadId !== String(input.threadId)) throw replyNotFound();
    depth = parent.depth + 1;
    if (depth > MAX_REPLY_DEPTH) {
      throw new InvalidError(m.error_reply_tooDeep({ levels: MAX_REPLY_DEPTH + 1 }));
    }
  }
  let reply;
  try {
    reply = await deps.replies.create({
      _id: id,
      threadId: String(input.threadId),
      userId: author.id,
      username: author.username,
      content: input.content,
      parentReplyId: input.parentReplyId ?? null,
      depth,
    });
  } catch (error) {
    // A concurrent send with the same key inserted it first: its reply, counted by that send.
    const concurrent = isDuplicateKeyError(error) && id !== fresh ? await replyNodeOf(deps, id) : null;
    if (concurrent) return concurrent;
    throw error;
  }
  // Counted only if the thread is still not deleted, in the same statement: a delete that
  // committed since the check above (its hide job may already have run, missing this reply)
  // makes this count nothing, and the reply is hidden here. A delete that commits after this
  // statement queues its hide job after the reply exists, so the job hides it. A crash between
  // the two writes is repaired by the periodic reconcile (thread/hide-activity.ts), and its
  // notifications by the notification sweep. The count and the notification job commit together.
  let counted: number;
  try {
    counted = await deps.prisma.$transaction(async (tx) => {
      const changed = await tx.$executeRaw`
        UPDATE threads SET reply_count = reply_count + 1, last_activity_at = GREATEST(last_activity_at, ${reply.createdAt})
         WHERE id = ${input.threadId} AND NOT is_deleted`;
      if (changed > 0) await queueNotificationEvent(tx, { kind: "reply", ids: { replyId: reply._id } });
      return changed;
    });
  } catch (error) {
    // No half-done write: a reply the thread's count never saw (PostgreSQL went away) is taken
    // back, and the member, told the write failed, can simply send it again.
    await deps.replies.deleteOne({ _id: reply._id }).catch(() => {});
    // A reader may have cached a page with it in the meantime.
    await deps.onListsChanged().catch(() => {});
    throw error;
  }
  if (counted === 0) {
    await deps.replies.updateOne({ _id: reply._id }, { $set: { isHidden: true } });
    throw threadNotFound();
  }
  await deps.onListsChanged();
  await publishThreadEvent(given, input.threadId, {
    type: "reply.created",
    data: { replyId: reply._id, parentReplyId: input.parentReplyId ?? null },
  });
  const node = toNode(reply.toObject());
  await withPrimaryBadges(deps.prisma, [node]);
  return node;
}

/**
 * A live reply the viewer may change (reply/policies.ts): NotFoundError when it is gone,
 * ForbiddenError when the viewer is neither its author nor an admin.
 */
async function authorizeReplyChange(deps: ReplyDeps, viewer: Viewer, id: string): Promise<void> {
  if (!canEditReply(await findLiveReply(deps, id), viewer)) {
    throw new ForbiddenError(m.error_authorOrAdminOnly());
  }
}

/** Edits a reply as the viewer: its author or an admin. */
export async function editReply(deps: ReplyWriteDeps, viewer: Viewer, id: string, content: string): Promise<ReplyNode> {
  await authorizeReplyChange(deps, viewer, id);
  return updateReply(deps, id, content);
}

/** Deletes a reply as the viewer: its author or an admin. */
export async function removeReply(deps: ReplyWriteDeps, viewer: Viewer, id: string): Promise<{ id: string }> {
  await authorizeReplyChange(deps, viewer, id);
  await deleteReply(deps, id);
  return { id };
}

/** Sets a live reply's text; no permission check (editReply makes it). */
export async function updateReply(given: ReplyWriteDeps, id: string, content: string): Promise<ReplyNode> {
  const deps = writeDeps(given);
  const reply = await deps.replies
    .findOneAndUpdate(
      { _id: id, isDeleted: false, isHidden: false },
      { $set: { content, editedAt: new Date() } },
      { new: true },
    )
    .lean();
  if (!reply) throw replyNotFound();
  // Members newly mentioned by the edit are told (the event's keys skip those told before); a
  // crash before this is caught by the notification sweep (the reply's updatedAt is recent).
  await queueNotificationEvent(deps.prisma, { kind: "reply", ids: { replyId: reply._id } });
  // The cached first page of the thread's replies shows the old text until this.
  await deps.onListsChanged();
  await publishThreadEvent(given, Number(reply.threadId), { type: "reply.updated", data: { replyId: id } });
  const node = toNode(reply);
  await withPrimaryBadges(deps.prisma, [node]);
  return node;
}

/** Soft delete: the text goes, the place in the tree (and its answers) stays. No permission check (removeReply makes it). */
export async function deleteReply(given: ReplyWriteDeps, id: string): Promise<void> {
  const deps = writeDeps(given);
  // Conditional on isDeleted: false, so a repeated or concurrent delete counts once.
  const deletedAt = new Date();
  const reply = await deps.replies
    .findOneAndUpdate({ _id: id, isDeleted: false }, { $set: { isDeleted: true, deletedAt } })
    .lean();
  if (!reply) throw replyNotFound();
  // reply_count counts visible, undeleted replies: a hidden one was never in it (or left it).
  if (!reply.isHidden) {
    try {
      await deps.prisma.$executeRaw`
        UPDATE threads SET reply_count = GREATEST(reply_count - 1, 0) WHERE id = ${Number(reply.threadId)}`;
    } catch (error) {
      // The count still includes the reply (PostgreSQL went away): undo this delete, only this one,
      // so the member's retry counts once.
      await deps.replies
        .updateOne({ _id: id, isDeleted: true, deletedAt }, { $set: { isDeleted: false, deletedAt: null } })
        .catch(() => {});
      await deps.onListsChanged().catch(() => {});
      throw error;
    }
  }
  await deps.onListsChanged();
  await publishThreadEvent(given, Number(reply.threadId), { type: "reply.deleted", data: { replyId: id } });
}

/** A member's visible, undeleted replies, for their profile. */
export function countRepliesByAuthor({ replies = ReplyModel }: Pick<ReplyDeps, "replies">, userId: number): Promise<number> {
  return replies.countDocuments({ userId, isDeleted: false, isHidden: false });
}

/**
 * Hides every still-visible reply of the given (deleted) threads; answers how many it hid.
 * Idempotent: hiding twice changes nothing (thread/hide-activity.ts).
 */
export async function hideRepliesOfThreads({ replies = ReplyModel }: Pick<ReplyDeps, "replies">, threadIds: number[]): Promise<number> {
  const result = await replies.updateMany(
    { threadId: { $in: threadIds.map(String) }, isHidden: false },
    { $set: { isHidden: true } },
  );
  return result.modifiedCount;
}

/** The threads with a reply written or changed since `since` (the reconcile's window). */
export async function threadsWithReplyActivitySince({ replies = ReplyModel }: Pick<ReplyDeps, "replies">, since: Date): Promise<number[]> {
  const ids: string[] = await replies.distinct("threadId", { updatedAt: { $gte: since } });
  return ids.map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
}

/** Each thread's visible, undeleted replies (what threads.reply_count counts); threads without any are absent. */
export async function countVisibleRepliesByThread(
  { replies = ReplyModel }: Pick<ReplyDeps, "replies">,
  threadIds: number[],
): Promise<Map<number, number>> {
  const groups = await replies.aggregate<{ _id: string; count: number }>([
    { $match: { threadId: { $in: threadIds.map(String) }, isDeleted: false, isHidden: false } },
    { $group: { _id: "$threadId", count: { $sum: 1 } } },
  ]);
  return new Map(groups.map((group) => [Number(group._id), group.count]));
}

/** A reply as moderation reviews it, whatever its state, with the reply it answers; null when it never existed. */
export async function findReplyForModeration({ replies = ReplyModel }: Pick<ReplyDeps, "replies">, id: string) {
  const reply = await replies.findById(id).lean();
  if (!reply) return null;
  const parent = reply.parentReplyId ? await replies.findById(reply.parentReplyId).lean() : null;
  const summary = (doc: NonNullable<typeof reply>) => ({
    id: doc._id,
    threadId: Number(doc.threadId),
    userId: doc.userId,
    username: doc.username,
    // Moderators read what was written, also when it is hidden or deleted.
    content: doc.content,
    isDeleted: doc.isDeleted,
    isHidden: doc.isHidden,
    moderatedAt: doc.moderatedAt ?? null,
    hiddenWithAuthor: doc.hiddenWithAuthor,
    createdAt: doc.createdAt,
  });
  return { ...summary(reply), parent: parent ? summary(parent) : null };
}

export type ModeratedReply = NonNullable<Awaited<ReturnType<typeof findReplyForModeration>>>;

/**
 * Hides a reply as a moderator (`adminId`), or takes that back (null); answers whether it
 * changed. Its place in the tree stays (listReplies shows the placeholder, its answers stay).
 * reply_count counts visible, undeleted replies, so a hidden reply leaves it and comes back
 * when shown again; showing it again never reveals a reply hidden for another reason (its
 * thread deleted, its author's content hidden). Callers serialise changes of one reply (the
 * moderation module holds a lock per target); a count a crash left off is set right by the
 * periodic reconcile (thread/hide-activity.ts), as the reply's updatedAt is recent.
 */
export async function setReplyHiddenByModerator(given: ReplyWriteDeps, id: string, adminId: number | null): Promise<boolean> {
  const deps = writeDeps(given);
  if (adminId !== null) {
    const before = await deps.replies
      .findOneAndUpdate({ _id: id, moderatedAt: null }, { $set: { moderatedAt: new Date(), moderatedBy: adminId, isHidden: true } })
      .lean();
    if (!before) return false;
    if (!before.isHidden && !before.isDeleted) {
      await deps.prisma.$executeRaw`
        UPDATE threads SET reply_count = GREATEST(reply_count - 1, 0) WHERE id = ${Number(before.threadId)}`;
    }
    await deps.onListsChanged();
    return true;
  }
  const before = await deps.replies
    .findOneAndUpdate({ _id: id, moderatedAt: { $ne: null } }, { $set: { moderatedAt: null, moderatedBy: null } })
    .lean();
  if (!before) return false;
  const threadId = Number(before.threadId);
  if (!before.hiddenWithAuthor && !(await deletedThreadIds(deps.prisma, [threadId])).has(threadId)) {
    const shown = await deps.replies.updateOne(
      { _id: id, moderatedAt: null, hiddenWithAuthor: false, isHidden: true },
      { $set: { isHidden: false } },
    );
    if (shown.modifiedCount > 0 && !before.isDeleted) {
      await deps.prisma.$executeRaw`
        UPDATE threads SET reply_count = reply_count + 1 WHERE id = ${threadId} AND NOT is_deleted`;
    }
  }
  await deps.onListsChanged();
  return true;
}

/**
 * Hides (or shows again) every reply of an author as part of "all of this member's content".
 * Idempotent, so a retry after a crash finishes the work: hiding marks the reason and the flag
 * in one update; showing clears the reason, then shows only replies with no other reason left
 * (not hidden by a moderator, thread not deleted). Answers the threads the author replied in,
 * whose reply counts the caller recounts.
 */
export async function setAuthorRepliesHidden(
  { prisma, replies = ReplyModel }: ReplyDeps,
  userId: number,
  hidden: boolean,
): Promise<{ changed: number; threadIds: number[] }> {
  let changed: number;
  if (hidden) {
    const result = await replies.updateMany({ userId, hiddenWithAuthor: false }, { $set: { hiddenWithAuthor: true, isHidden: true } });
    changed = result.modifiedCount;
  } else {
    const cleared = await replies.updateMany({ userId, hiddenWithAuthor: true }, { $set: { hiddenWithAuthor: false } });
    const candidates: string[] = await replies.distinct("threadId", { userId, isHidden: true, moderatedAt: null, hiddenWithAuthor: false });
    const deleted = await deletedThreadIds(prisma, candidates.map(Number));
    await replies.updateMany(
      { userId, isHidden: true, moderatedAt: null, hiddenWithAuthor: false, threadId: { $nin: [...deleted].map(String) } },
      { $set: { isHidden: false } },
    );
    changed = cleared.modifiedCount;
  }
  const threadIds: string[] = await replies.distinct("threadId", { userId });
  return { changed, threadIds: threadIds.map(Number).filter((id) => Number.isSafeInteger(id) && id > 0) };
}

/** Replies written since `since`, hidden ones too, counted per day as `dayOf` names days (the admin dashboard). */
export async function countRepliesByDay(since: Date, dayOf: (at: Date) => string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const reply of ReplyModel.find({ createdAt: { $gte: since } }, { createdAt: 1 }).lean().cursor()) {
    const day = dayOf(reply.createdAt);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return counts;
}

/** A reply as notifications read it: who wrote it where, and whether it may be shown now. */
export interface ReplyForNotification {
  id: string;
  threadId: number;
  userId: number;
  content: string;
  parentReplyId: string | null;
  /** Not deleted and not hidden (its thread's visibility is the thread's to say). */
  isVisible: boolean;
  createdAt: Date;
}

/** Replies by id, whatever their state; ids that never existed are absent. */
export async function findRepliesForNotification(
  { replies = ReplyModel }: Pick<ReplyDeps, "replies">,
  ids: string[],
): Promise<Map<string, ReplyForNotification>> {
  if (ids.length === 0) return new Map();
  const rows = await replies
    .find({ _id: { $in: [...new Set(ids)] } }, { threadId: 1, userId: 1, content: 1, parentReplyId: 1, isDeleted: 1, isHidden: 1, createdAt: 1 })
    .lean();
  return new Map(
    rows.map((row) => [
      row._id,
      {
        id: row._id,
        threadId: Number(row.threadId),
        userId: row.userId,
        content: row.content,
        parentReplyId: row.parentReplyId ?? null,
        isVisible: !row.isDeleted && !row.isHidden,
        createdAt: row.createdAt,
      },
    ]),
  );
}

/** Ids of the replies written or edited between `since` and `until` (the notification sweep), at most `limit`. */
export async function repliesChangedBetween(
  { replies = ReplyModel }: Pick<ReplyDeps, "replies">,
  since: Date,
  until: Date,
  limit: number,
): Promise<string[]> {
  const rows = await replies.find({ updatedAt: { $gte: since, $lt: until } }, { _id: 1 }).sort({ updatedAt: 1 }).limit(limit).lean();
  return rows.map((row) => row._id);
}
