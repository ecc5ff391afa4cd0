import type { Cache } from "../../platform/cache.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { isDuplicateKeyError } from "../../platform/db/mongo-schema.ts";
import { ConflictError, InvalidError, NotFoundError } from "../../platform/errors.ts";
import { invalidateForumReads } from "../forum-cache.ts";
import { queueNotificationEvent } from "../notification/events.ts";
import { newerThan, newestFirstPositionOf, newestFirstSort, olderThan, toPage, type NewestFirstCursor, type Page } from "../pagination.ts";
import { publishThreadEvent, type LivePublishDeps } from "../live-channels.ts";
import { findReplyForModeration, setReplyHiddenByModerator, type ModeratedReply } from "../reply/service.ts";
import { recordStaffAction, type AdminActor } from "../staff-log/service.ts";
import { findThreadForModeration, setThreadHiddenByModerator, type ModeratedThread } from "../thread/service.ts";
import { banMemberDevices } from "./bans.ts";
import { getMemberRecord, lockMember, recordLockEvents, requestMemberContentHidden, warnMember, type Tx } from "./members.ts";
import { canReport, isOpenReport } from "./policies.ts";
import { pendingReportKey, ReportModel, type Report, type ReportStatus, type ReportTargetType } from "./report.model.ts";
import type { WarningSeverity } from "./user-warning.model.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

export { isDeviceBanned } from "./bans.ts";

/*
 * Reports and the review queue: members report a thread, a reply or a member; admins decide
 * each target's open reports at once (resolve with actions, or dismiss), and the reporter sees
 * the outcome. Content hidden by a moderator goes through the thread and reply services.
 */

export const REPORT_REASONS = ["spam", "abuse", "off_topic", "illegal", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const MAX_REPORT_DETAILS = 1000;

export interface ModerationDeps extends LivePublishDeps {
  prisma: Prisma;
  cache: Cache;
}

/** An open page of the reply's thread refetches it: hidden, it shows the placeholder; shown again, its text. */
async function announceReplyChange(deps: ModerationDeps, reply: { id: string; threadId: number }): Promise<void> {
  await publishThreadEvent(deps, reply.threadId, { type: "reply.updated", data: { replyId: reply.id } });
}

/** What a report is about, as a list shows it; fields a target type lacks are null. */
export interface TargetSummary {
  threadId: number | null;
  threadSlug: string | null;
  threadTitle: string | null;
  replyId: string | null;
  /** The member reported, or the author of the reported content. */
  username: string | null;
  /** Deleted or no longer there. */
  gone: boolean;
}

type TargetContext =
  | { type: "thread"; ownerId: number; visible: boolean; thread: ModeratedThread }
  | { type: "reply"; ownerId: number; visible: boolean; reply: ModeratedReply; thread: ModeratedThread | null }
  | { type: "user"; ownerId: number; visible: boolean; user: { id: number; username: string; isLocked: boolean } };

const threadShown = (thread: ModeratedThread) => !thread.isDeleted && thread.hiddenAt === null && !thread.hiddenWithAuthor;

/** The reported thread, reply (with its thread) or member; null when it never existed. */
async function findTarget(prisma: Prisma, type: ReportTargetType, targetId: string): Promise<TargetContext | null> {
  if (type === "thread") {
    const thread = await findThreadForModeration(prisma, Number(targetId));
    return thread && { type, ownerId: thread.author.id, visible: threadShown(thread), thread };
  }
  if (type === "reply") {
    const reply = await findReplyForModeration({}, targetId);
    if (!reply) return null;
    const thread = await findThreadForModeration(prisma, reply.threadId);
    const visible = !reply.isDeleted && !reply.isHidden && thread !== null && threadShown(thread);
    return { type, ownerId: reply.userId, visible, reply, thread };
  }
  const user = await prisma.user.findUnique({ where: { id: Number(targetId) }, select: { id: true, username: true, isLocked: true } });
  return user && { type, ownerId: user.id, visible: true, user };
}

function summaryOf(target: TargetContext | null): TargetSummary {
  const none = { threadId: null, threadSlug: null, threadTitle: null, replyId: null, username: null };
  if (!target) return { ...none, gone: true };
  if (target.type === "user") return { ...none, username: target.user.username, gone: false };
  const thread = target.thread;
  return {
    threadId: thread?.id ?? null,
    threadSlug: thread?.slug ?? null,
    threadTitle: thread?.title ?? null,
    replyId: target.type === "reply" ? target.reply.id : null,
    username: target.type === "reply" ? target.reply.username : target.thread.author.username,
    gone: target.type === "reply" ? target.reply.isDeleted || !thread || thread.isDeleted : target.thread.isDeleted,
  };
}

/** Each distinct target of a page of reports, looked up once. */
async function summariesOf(prisma: Prisma, reports: { targetType: string; targetId: string }[]) {
  const keys = [...new Set(reports.map((report) => `${report.targetType}:${report.targetId}`))];
  const found = await Promise.all(
    keys.map(async (key) => {
      const [type, id] = key.split(/:(.*)/s) as [ReportTargetType, string];
      return [key, summaryOf(await findTarget(prisma, type, id))] as const;
    }),
  );
  const byKey = new Map(found);
  return (report: { targetType: string; targetId: string }) => byKey.get(`${report.targetType}:${report.targetId}`)!;
}

export interface ReportSummary {
  id: string;
  targetType: ReportTargetType;
  targetId: string;
  target: TargetSummary;
  reason: string;
  details: string;
  status: ReportStatus;
  /** The admin's note on the decision, for the reporter too. */
  resolution: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

type ReportRow = Pick<Report, "targetType" | "targetId" | "reason" | "details" | "status" | "resolution" | "resolvedAt"> & {
  _id: string;
  reporterId: number;
  createdAt: Date;
};

const reportOf = (row: ReportRow, target: TargetSummary): ReportSummary => ({
  id: row._id,
  targetType: row.targetType as ReportTargetType,
  targetId: row.targetId,
  target,
  reason: row.reason,
  details: row.details ?? "",
  status: row.status as ReportStatus,
  resolution: row.resolution ?? null,
  createdAt: row.createdAt,
  resolvedAt: row.resolvedAt ?? null,
});

export interface ReportInput {
  targetType: ReportTargetType;
  /** A thread or member id as a string, or a reply id. */
  targetId: string;
  reason: ReportReason;
  details: string;
}

/**
 * A member's report. The target must be there and shown (a hidden thread or reply has been dealt
 * with already), and not the reporter or their own writing. One open report per member per
 * target: the insert of its pending key is the one atomic step, so of concurrent double
 * submits exactly one is stored and the others are told it exists.
 */
export async function reportContent(prisma: Prisma, reporter: { id: number }, input: ReportInput): Promise<ReportSummary> {
  if (input.reason === "other" && input.details.trim() === "") {
    throw new InvalidError(m.error_report_explainOther());
  }
  const target = await findTarget(prisma, input.targetType, input.targetId);
  if (!target || !target.visible) throw new NotFoundError(m.error_report_targetNotFound());
  if (!canReport(reporter.id, target)) throw new InvalidError(m.error_report_self());
  try {
    const report = await ReportModel.create({
      reporterId: reporter.id,
      targetType: input.targetType,
      targetId: input.targetId,
      reason: input.reason,
      details: input.details.trim(),
      openKey: pendingReportKey(reporter.id, input.targetType, input.targetId),
    });
    return reportOf(report.toObject(), summaryOf(target));
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new ConflictError(m.error_report_duplicate());
    throw error;
  }
}

/** The member's own reports, newest first, with their outcome. */
export async function listMyReports(prisma: Prisma, reporterId: number, input: { cursor?: NewestFirstCursor; limit: number }) {
  const rows = await ReportModel.find({ reporterId, ...(input.cursor ? olderThan(input.cursor) : {}) })
    .sort(newestFirstSort)
    .limit(input.limit + 1)
    .lean();
  const page = toPage(rows, input.limit, (row) => row, newestFirstPositionOf);
  const targetOf = await summariesOf(prisma, page.items);
  return { nextCursor: page.nextCursor, items: page.items.map((row) => reportOf(row, targetOf(row))) };
}

export interface QueueInput {
  status: ReportStatus;
  targetType?: ReportTargetType;
  cursor?: NewestFirstCursor;
  limit: number;
}

export interface QueueItem extends ReportSummary {
  reporter: { id: number; username: string } | null;
}

/** The review queue: reports by status (and type), oldest first, and how many are pending in all. */
export async function listQueue(prisma: Prisma, input: QueueInput): Promise<Page<QueueItem> & { pendingCount: number }> {
  const filter = { status: input.status, ...(input.targetType ? { targetType: input.targetType } : {}) };
  const rows = await ReportModel.find({ ...filter, ...(input.cursor ? newerThan(input.cursor) : {}) })
    .sort({ createdAt: 1, _id: 1 })
    .limit(input.limit + 1)
    .lean();
  const page = toPage(rows, input.limit, (row) => row, newestFirstPositionOf);
  const [targetOf, reporters, pendingCount] = await Promise.all([
    summariesOf(prisma, page.items),
    reportersOf(prisma, page.items),
    ReportModel.countDocuments({ status: "pending" }),
  ]);
  return {
    nextCursor: page.nextCursor,
    pendingCount,
    items: page.items.map((row) => ({ ...reportOf(row, targetOf(row)), reporter: reporters.get(row.reporterId) ?? null })),
  };
}

async function reportersOf(prisma: Prisma, rows: { reporterId: number }[]) {
  const users = await prisma.user.findMany({
    where: { id: { in: [...new Set(rows.map((row) => row.reporterId))] } },
    select: { id: true, username: true },
  });
  return new Map(users.map((user) => [user.id, user]));
}

const reportNotFound = () => new NotFoundError(m.error_report_notFound());

/**
 * One report with its target in context: the thread (title, excerpt), or the reply with the
 * reply it answers and its thread, or the member's profile; the author's record (warnings,
 * lock, known devices); and every other report on the same target.
 */
export async function getQueueItem(prisma: Prisma, id: string) {
  const row = await ReportModel.findById(id).lean();
  if (!row) throw reportNotFound();
  const target = await findTarget(prisma, row.targetType as ReportTargetType, row.targetId);
  const [reporters, others] = await Promise.all([
    reportersOf(prisma, [row]),
    ReportModel.find({ targetType: row.targetType, targetId: row.targetId, _id: { $ne: row._id } }).sort({ createdAt: 1 }).limit(50).lean(),
  ]);
  const otherReporters = await reportersOf(prisma, others);
  const summary = summaryOf(target);
  return {
    report: { ...reportOf(row, summary), reporter: reporters.get(row.reporterId) ?? null },
    target: target && {
      type: target.type,
      visible: target.visible,
      thread: target.type === "user" ? null : target.thread,
      reply: target.type === "reply" ? target.reply : null,
    },
    author: target ? await getMemberRecord(prisma, target.ownerId).catch(() => null) : null,
    otherReports: others.map((other) => ({ ...reportOf(other, summary), reporter: otherReporters.get(other.reporterId) ?? null })),
  };
}

/** How long a decision may hold its target's lock (it writes a few rows in each database). */
const DECISION_TIMEOUT_MS = 60_000;

/**
 * Runs a moderation decision about one target under a lock of that target (an advisory lock
 * in the decision's transaction, released with it, also when the process dies): two admins
 * deciding at once are served one after the other, and the second finds the work done. The
 * log lines written with `tx` commit with the decision.
 */
function underTargetLock<T>(prisma: Prisma, targetType: string, targetId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`moderation:${targetType}:${targetId}`}))`;
      return work(tx);
    },
    { maxWait: 10_000, timeout: DECISION_TIMEOUT_MS },
  );
}

const alreadyDecided = () => new ConflictError(m.error_report_alreadyDecided());

export interface ResolveActions {
  /** Hide the reported thread or reply (for a member: all of their content). */
  hide: boolean;
  warn: { severity: WarningSeverity; reason: string } | null;
  lock: { reason: string } | null;
  /** Ban the devices of the author's recent sessions. */
  banDevices: { reason: string; expiresAt: Date | null } | null;
  note: string;
}

/**
 * Closes every open report on the target of report `id`, by the decision's status. Each report
 * is closed on its own document (the pending key gives way to its id, so the member may report
 * the target again later).
 */
async function closeOpenReports(tx: Tx, admin: AdminActor, targetType: string, targetId: string, status: "resolved" | "dismissed", note: string) {
  const open = await ReportModel.find({ targetType, targetId, status: "pending" }).select({ _id: 1 }).lean();
  const resolvedAt = new Date();
  for (const report of open) {
    await ReportModel.updateOne(
      { _id: report._id, status: "pending" },
      { $set: { status, resolvedBy: admin.id, resolvedAt, resolution: note || null, openKey: report._id } },
    );
    // Each reporter is told the outcome, with the decision's transaction.
    await queueNotificationEvent(tx, { kind: "report", ids: { reportId: report._id } });
  }
  return open.map((report) => report._id);
}

/** A pending report, read under its target's lock; CONFLICT when it was decided meanwhile. */
async function openReportOrConflict(id: string) {
  const row = await ReportModel.findById(id).lean();
  if (!row) throw reportNotFound();
  if (!isOpenReport(row)) throw alreadyDecided();
  return row;
}

/**
 * Resolves a report with any of the actions on its target's author (hide, warn, lock, ban the
 * devices) and a note; every open report on the same target is resolved with it. Of two admins
 * resolving (or dismissing) at once exactly one wins; the other gets CONFLICT. Every action is
 * logged, in the decision's transaction.
 */
export async function resolveReport(deps: ModerationDeps, admin: AdminActor, id: string, actions: ResolveActions) {
  const head = await ReportModel.findById(id).select({ targetType: 1, targetId: 1 }).lean();
  if (!head) throw reportNotFound();
  const outcome = await underTargetLock(deps.prisma, head.targetType, head.targetId, async (tx) => {
    const row = await openReportOrConflict(id);
    const target = await findTarget(deps.prisma, row.targetType as ReportTargetType, row.targetId);
    if (!target) throw new NotFoundError(m.error_report_targetGone());
    const authorId = target.ownerId;
    const done: Record<string, unknown> = {};
    let locked: Awaited<ReturnType<typeof lockMember>> | null = null;
    // PostgreSQL first (rolled back with the decision if anything later fails), MongoDB after.
    if (actions.lock) locked = await lockMember(tx, admin, authorId, actions.lock.reason);
    if (actions.hide) {
      done.hidden = await hideTarget(deps.prisma, tx, admin, target, actions.note);
    }
    if (actions.banDevices) {
      done.bannedDevices = await banMemberDevices(deps.prisma, tx, admin, authorId, actions.banDevices);
    }
    if (actions.warn) done.warningId = (await warnMember(deps.prisma, tx, admin, authorId, actions.warn)).id;
    if (locked) done.locked = true;
    const closed = await closeOpenReports(tx, admin, row.targetType, row.targetId, "resolved", actions.note);
    await recordStaffAction(tx, admin, {
      action: "report.resolve",
      targetType: "report",
      targetId: id,
      before: { status: "pending", reports: closed },
      after: { status: "resolved", target: `${row.targetType}:${row.targetId}`, ...(done as Record<string, string | number | boolean>) },
      note: actions.note || null,
    });
    return { closed, locked, authorId, hiddenReply: done.hidden === true && target.type === "reply" ? target.reply : null };
  });
  if (outcome.locked) await recordLockEvents(deps.prisma, admin, outcome.authorId, outcome.locked);
  if (actions.hide) await invalidateForumReads(deps.cache);
  if (outcome.hiddenReply) await announceReplyChange(deps, outcome.hiddenReply);
  return { status: "resolved" as const, reports: outcome.closed.length };
}

/** Dismisses a report (and every open report on the same target) with a note; CONFLICT when decided meanwhile. */
export async function dismissReport(prisma: Prisma, admin: AdminActor, id: string, note: string) {
  const head = await ReportModel.findById(id).select({ targetType: 1, targetId: 1 }).lean();
  if (!head) throw reportNotFound();
  const closed = await underTargetLock(prisma, head.targetType, head.targetId, async (tx) => {
    const row = await openReportOrConflict(id);
    const closedIds = await closeOpenReports(tx, admin, row.targetType, row.targetId, "dismissed", note);
    await recordStaffAction(tx, admin, {
      action: "report.dismiss",
      targetType: "report",
      targetId: id,
      before: { status: "pending", reports: closedIds },
      after: { status: "dismissed", target: `${row.targetType}:${row.targetId}` },
      note: note || null,
    });
    return closedIds;
  });
  return { status: "dismissed" as const, reports: closed.length };
}

/** Hides a report's target: the thread or reply, or all of a member's content. Answers whether anything changed. */
async function hideTarget(prisma: Prisma, tx: Tx, admin: AdminActor, target: TargetContext, note: string): Promise<boolean> {
  if (target.type === "user") {
    await requestMemberContentHidden(tx, admin, target.user.id, true);
    return true;
  }
  const id = target.type === "thread" ? target.thread.id : target.reply.id;
  return setContentHidden(prisma, tx, admin, target.type, id, true, note);
}

/**
 * Hides a thread or reply as a moderator, or shows it again, and logs it in `tx`. A reply
 * lives in MongoDB, so its write is not undone with the transaction: the caller holds the
 * target's lock, and the write is idempotent.
 */
async function setContentHidden(
  prisma: Prisma,
  tx: Tx,
  admin: AdminActor,
  type: "thread" | "reply",
  id: number | string,
  hidden: boolean,
  note: string,
) {
  const changed =
    type === "thread"
      ? await setThreadHiddenByModerator(tx, Number(id), hidden ? admin.id : null)
      : // The forum cache is dropped by the caller once the decision committed.
        await setReplyHiddenByModerator({ prisma, onListsChanged: async () => {} }, String(id), hidden ? admin.id : null);
  if (changed) {
    await recordStaffAction(tx, admin, {
      action: `${type}.${hidden ? "hide" : "unhide"}`,
      targetType: type,
      targetId: id,
      before: { hiddenByModerator: !hidden },
      after: { hiddenByModerator: hidden },
      note: note || null,
    });
  }
  return changed;
}

/** moderation.content.hide / unhide: a thread or reply, outside any report. CONFLICT when it already is so. */
export async function moderateContent(
  deps: ModerationDeps,
  admin: AdminActor,
  input: { targetType: "thread" | "reply"; targetId: string; hidden: boolean; note: string },
) {
  const target = await findTarget(deps.prisma, input.targetType, input.targetId);
  if (!target || (target.type === "thread" && target.thread.isDeleted) || (target.type === "reply" && target.reply.isDeleted)) {
    throw new NotFoundError(m.error_moderation_contentNotFound());
  }
  const changed = await underTargetLock(deps.prisma, input.targetType, input.targetId, (tx) =>
    setContentHidden(deps.prisma, tx, admin, input.targetType, target.type === "thread" ? target.thread.id : input.targetId, input.hidden, input.note),
  );
  if (!changed) {
    throw new ConflictError(input.hidden ? m.error_moderation_alreadyHidden() : m.error_moderation_notHidden());
  }
  await invalidateForumReads(deps.cache);
  if (target.type === "reply") await announceReplyChange(deps, target.reply);
  return { hidden: input.hidden };
}

/** Reports waiting for a decision (the admin dashboard). */
export function countOpenReports(): Promise<number> {
  return ReportModel.countDocuments({ status: "pending" });
}

/** Reports filed since `since`, whatever became of them, counted per day as `dayOf` names days. */
export async function countReportsByDay(since: Date, dayOf: (at: Date) => string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const report of ReportModel.find({ createdAt: { $gte: since } }, { createdAt: 1 }).lean().cursor()) {
    const day = dayOf(report.createdAt);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return counts;
}

/** A decided report as its reporter's notification reads it; null while pending or unknown. */
export async function findReportOutcome(id: string): Promise<{ reporterId: number; status: "resolved" | "dismissed"; targetType: ReportTargetType } | null> {
  const row = await ReportModel.findById(id, { reporterId: 1, status: 1, targetType: 1 }).lean();
  if (!row || (row.status !== "resolved" && row.status !== "dismissed")) return null;
  return { reporterId: row.reporterId, status: row.status, targetType: row.targetType as ReportTargetType };
}
