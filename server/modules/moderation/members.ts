import type { Prisma as PrismaNamespace } from "../../platform/db/generated/client.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { InvalidError, NotFoundError } from "../../platform/errors.ts";
import { enqueueJob } from "../../platform/jobs.ts";
import { newestFirstPositionOf, newestFirstSort, olderThan, toPage, type NewestFirstCursor, type Page } from "../pagination.ts";
import { queueNotificationEvent } from "../notification/events.ts";
import { countRepliesByAuthor, setAuthorRepliesHidden, type ReplyStore } from "../reply/service.ts";
import { recordSecurityEvent } from "../security/service.ts";
import { recordStaffAction, type AdminActor, type StaffLogWriter } from "../staff-log/service.ts";
import { recountReplies } from "../thread/hide-activity.ts";
import { countThreadsByAuthor, setAuthorThreadsHidden } from "../thread/service.ts";
import { clearTwoFactor } from "../two-factor/service.ts";
import { revokeAllAccess } from "../user/service.ts";
import { recentFingerprintsOf } from "./bans.ts";
import { ReportModel } from "./report.model.ts";
import { UserWarningModel, type WarningSeverity } from "./user-warning.model.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/** A transaction of the client: an action and its log line commit together. */
export type Tx = PrismaNamespace.TransactionClient;

/*
 * What admins do to a member: warnings, locks, a two-factor reset, and hiding all of their
 * content (a durable job across both databases). Each action writes its staff log line.
 */

const memberNotFound = () => new NotFoundError(m.error_member_notFound());

export interface WarningSummary {
  id: string;
  severity: WarningSeverity;
  reason: string;
  createdAt: Date;
}

const warningOf = (row: { _id: string; severity: string; reason: string; createdAt: Date }): WarningSummary => ({
  id: row._id,
  severity: row.severity as WarningSeverity,
  reason: row.reason,
  createdAt: row.createdAt,
});

/** A member's warnings, newest first (theirs on their own page; any member's for admins). */
export async function listWarnings(userId: number, input: { cursor?: NewestFirstCursor; limit: number }): Promise<Page<WarningSummary>> {
  const rows = await UserWarningModel.find({ userId, ...(input.cursor ? olderThan(input.cursor) : {}) })
    .sort(newestFirstSort)
    .limit(input.limit + 1)
    .lean();
  return toPage(rows, input.limit, warningOf, newestFirstPositionOf);
}

/**
 * Warns a member (`warning`, or `final` before a lock). The warning lives in MongoDB; its log
 * line and the job that tells the member follow it, on `log` (the decision's transaction, when
 * a report's resolution warns).
 */
export async function warnMember(
  prisma: Prisma,
  log: StaffLogWriter & Pick<Prisma, "$executeRaw">,
  admin: AdminActor,
  userId: number,
  input: { severity: WarningSeverity; reason: string },
): Promise<WarningSummary> {
  if (!(await prisma.user.count({ where: { id: userId } }))) throw memberNotFound();
  const warning = await UserWarningModel.create({ userId, adminId: admin.id, severity: input.severity, reason: input.reason });
  await recordStaffAction(log, admin, {
    action: "member.warn",
    targetType: "user",
    targetId: userId,
    after: { warningId: warning._id, severity: warning.severity, reason: warning.reason },
  });
  await queueNotificationEvent(log, { kind: "warning", ids: { warningId: warning._id } });
  return warningOf(warning.toObject());
}

/**
 * Locks a member's account with a reason (shown at sign-in) and, in the same transaction, ends
 * every session and access token they hold: the next request with any of them is refused, and
 * the rows stay revoked after an unlock. Locking again changes the reason. Security events
 * tell the member what happened, after the commit.
 */
export async function lockMember(tx: Tx, admin: AdminActor, userId: number, reason: string, now = new Date()) {
  const before = await tx.user.findUnique({ where: { id: userId }, select: { isLocked: true, lockReason: true } });
  if (!before) throw memberNotFound();
  await tx.user.update({ where: { id: userId }, data: { isLocked: true, lockReason: reason } });
  const revoked = await revokeAllAccess(tx, userId, now);
  await recordStaffAction(tx, admin, {
    action: "member.lock",
    targetType: "user",
    targetId: userId,
    before,
    after: { isLocked: true, lockReason: reason, revokedSessions: revoked.sessions, revokedTokens: revoked.tokens },
  });
  return revoked;
}

/** The security events of a lock, for the member's own history (written after the lock committed). */
export async function recordLockEvents(prisma: Prisma, admin: AdminActor, userId: number, revoked: { sessions: number; tokens: number }) {
  const by = { userId, adminId: admin.id };
  if (revoked.sessions > 0) {
    await recordSecurityEvent(prisma, { ...by, eventType: "session_revoked", metadata: { count: revoked.sessions, reason: "locked_by_admin" } });
  }
  if (revoked.tokens > 0) {
    await recordSecurityEvent(prisma, { ...by, eventType: "access_tokens_revoked", metadata: { count: revoked.tokens, reason: "locked_by_admin" } });
  }
}

/** Locks a member on its own (moderation.members.lock), optionally hiding all their content in the same step. */
export async function lockMemberNow(prisma: Prisma, admin: AdminActor, userId: number, input: { reason: string; hideContent: boolean }) {
  const revoked = await prisma.$transaction(async (tx) => {
    const result = await lockMember(tx, admin, userId, input.reason);
    if (input.hideContent) await requestMemberContentHidden(tx, admin, userId, true);
    return result;
  });
  await recordLockEvents(prisma, admin, userId, revoked);
  return { locked: true as const, ...revoked };
}

/** Unlocks a member: they can sign in again (their old sessions and tokens stay revoked). */
export async function unlockMember(prisma: Prisma, admin: AdminActor, userId: number) {
  await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: { isLocked: true, lockReason: true } });
    if (!before) throw memberNotFound();
    if (!before.isLocked) throw new InvalidError(m.error_member_notLocked());
    await tx.user.update({ where: { id: userId }, data: { isLocked: false, lockReason: null } });
    await recordStaffAction(tx, admin, { action: "member.unlock", targetType: "user", targetId: userId, before, after: { isLocked: false, lockReason: null } });
  });
  return { locked: false as const };
}

/**
 * Turns off a member's two-factor (TOTP and backup codes) for someone who lost their
 * authenticator; logged, and a security event tells the member. InvalidError when it was off.
 */
export async function resetMemberTwoFactor(prisma: Prisma, admin: AdminActor, userId: number) {
  await prisma.$transaction(async (tx) => {
    if (!(await tx.user.count({ where: { id: userId } }))) throw memberNotFound();
    if (!(await clearTwoFactor(tx, userId))) throw new InvalidError(m.error_member_twoFactorOff());
    await recordStaffAction(tx, admin, {
      action: "member.resetTwoFactor",
      targetType: "user",
      targetId: userId,
      before: { totpEnabled: true },
      after: { totpEnabled: false, backupCodes: 0 },
    });
  });
  await recordSecurityEvent(prisma, { userId, adminId: admin.id, eventType: "totp_disabled", metadata: { by: "admin" } });
  return { totpEnabled: false as const };
}

/** The job that makes both databases follow a member's content intent (applyMemberContent). */
export const MEMBER_CONTENT_TASK = "moderation.memberContent";
/** One pending job per member: the job reads the intent when it runs, so the latest always wins. */
export const memberContentJobKey = (userId: number) => `${MEMBER_CONTENT_TASK}:${userId}`;

/**
 * Records the intent "all of this member's content is hidden" (or shown again) and, in the same
 * transaction, the durable job that applies it: the intent is never lost between the two
 * databases, whatever crashes. Logged in the transaction too.
 */
export async function requestMemberContentHidden(tx: Tx, admin: AdminActor, userId: number, hidden: boolean) {
  if (!(await tx.user.count({ where: { id: userId } }))) throw memberNotFound();
  const before = await tx.memberContentHide.findUnique({ where: { userId }, select: { hidden: true } });
  await tx.memberContentHide.upsert({
    where: { userId },
    create: { userId, hidden, adminId: admin.id },
    update: { hidden, adminId: admin.id, changedAt: new Date() },
  });
  await enqueueJob(tx, MEMBER_CONTENT_TASK, { userId }, { jobKey: memberContentJobKey(userId) });
  await recordStaffAction(tx, admin, {
    action: hidden ? "member.hideAllContent" : "member.unhideAllContent",
    targetType: "user",
    targetId: userId,
    before: { contentHidden: before?.hidden ?? false },
    after: { contentHidden: hidden },
  });
}

/** moderation.members.hideAllContent / unhideAllContent. */
export async function setMemberContentHidden(prisma: Prisma, admin: AdminActor, userId: number, hidden: boolean) {
  await prisma.$transaction((tx) => requestMemberContentHidden(tx, admin, userId, hidden));
  return { contentHidden: hidden, pending: true as const };
}

/** Longest one application of a member's intent may hold its lock. */
const MEMBER_CONTENT_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * The job: makes threads (PostgreSQL) and replies (MongoDB) follow the member's current intent,
 * then recounts the replies of the threads they answered in. Idempotent, and it reads the
 * intent when it runs (not its payload): a retry after a crash between the two writes finishes
 * the work, and of a hide and an unhide racing, the one recorded last decides. Runs for one
 * member are serialised by an advisory lock held for the run (released with its transaction,
 * also when the process dies). Unhiding shows only what this step hid: a thread or reply a
 * moderator hid, or whose thread was deleted, stays hidden.
 */
export async function applyMemberContent(deps: { prisma: Prisma; replies?: ReplyStore }, userId: number) {
  return deps.prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${memberContentJobKey(userId)}))`;
      const intent = await tx.memberContentHide.findUnique({ where: { userId }, select: { hidden: true } });
      const hidden = intent?.hidden ?? false;
      // Committed at once (not in the lock's transaction): what a crash leaves is the next run's start.
      const threads = await setAuthorThreadsHidden(deps.prisma, userId, hidden);
      const replies = await setAuthorRepliesHidden(deps, userId, hidden);
      const recounted = await recountReplies(deps, replies.threadIds);
      return { hidden, threads, replies: replies.changed, recounted };
    },
    { maxWait: 10_000, timeout: MEMBER_CONTENT_TIMEOUT_MS },
  );
}

/** Everything an admin sees about a member: the account, counts, warnings, what is known of their devices. */
export async function getMemberRecord(prisma: Prisma, userId: number) {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      username: true,
      email: true,
      createdAt: true,
      isVerified: true,
      isLocked: true,
      lockReason: true,
      totpEnabled: true,
      contentHide: { select: { hidden: true, changedAt: true } },
    },
  });
  if (!user) throw memberNotFound();
  const { contentHide, ...account } = user;
  const [threads, replies, warnings, fingerprints, reports] = await Promise.all([
    countThreadsByAuthor(prisma, userId),
    countRepliesByAuthor({}, userId),
    listWarnings(userId, { limit: 50 }),
    recentFingerprintsOf(prisma, userId),
    ReportModel.find({ targetType: "user", targetId: String(userId) }).sort(newestFirstSort).limit(20).lean(),
  ]);
  return {
    ...account,
    contentHidden: contentHide?.hidden ?? false,
    counts: { threads, replies, warnings: await UserWarningModel.countDocuments({ userId }) },
    warnings: warnings.items,
    knownDevices: fingerprints.length,
    /** The latest reports about the member themselves, newest first. */
    reports: reports.map((report) => ({
      id: report._id,
      reason: report.reason,
      details: report.details ?? "",
      status: report.status,
      createdAt: report.createdAt,
    })),
  };
}

/** A warning as its notification reads it (the member's own warnings page shows the reason); null when unknown. */
export async function findWarningForNotification(id: string): Promise<{ userId: number; severity: WarningSeverity } | null> {
  const row = await UserWarningModel.findById(id, { userId: 1, severity: 1 }).lean();
  return row ? { userId: row.userId, severity: row.severity as WarningSeverity } : null;
}
