import type { Prisma } from "../../platform/db/postgres.ts";
import { enqueueJob } from "../../platform/jobs.ts";
import type { Logger } from "../../platform/logger.ts";
import type { Mailer } from "../../platform/mailer.ts";
import { newId } from "../../platform/ids.ts";
import { findAwardForNotification } from "../badge/service.ts";
import { blockersAmong } from "../block/service.ts";
import { findWarningForNotification } from "../moderation/members.ts";
import { findReportOutcome } from "../moderation/service.ts";
import { findCreditedOrder } from "../payment/service.ts";
import type { PushMessage } from "../push/service.ts";
import { findVisibleReaction, reactionsCreatedBetween, type ReactionStore } from "../reaction/service.ts";
import { findRepliesForNotification, repliesChangedBetween } from "../reply/service.ts";
import { findThreadForNotification } from "../thread/service.ts";
import { findLowTokenCrossing, LOW_TOKEN_BALANCE, lowTokenCrossingsBetween } from "../wallet/service.ts";
import { queueNotificationEvent, type NotificationEvent } from "./events.ts";
import { mentionedMembers } from "./mentions.ts";
import { NOTIFICATION_TYPES, type NotificationType } from "./schemas.ts";
import {
  defaultPreference,
  levelsOn,
  preferencesFor,
  publishUnreadOf,
  urlOf,
  visibleReplyRows,
  visibleToSql,
  watchersOf,
  type NotificationDeps,
  type Preference,
} from "./service.ts";
import { describeNotification } from "./text.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";
import { DEFAULT_LOCALE, isLocale, type Locale } from "../../../shared/locale.ts";

/*
 * From an event (events.ts) to notifications: who is told, and how. Runs as the
 * `notification_event` job, so it may run again after a crash at any point: every row is
 * inserted under its (member, event key), and a grouped reaction counts each member once, so a
 * retry adds nothing that is already there and finishes what is not. Privacy is checked when
 * the job runs: nothing about a hidden or deleted thread or reply, nothing from a member the
 * recipient blocked, nothing on a thread they muted.
 */

export interface NotificationJobDeps extends NotificationDeps {
  reactions?: ReactionStore;
  logger?: Pick<Logger, "warn">;
  /** Web Push to one member (server/modules/push), wired by the runtime; none: no push. */
  sendPush?(userId: number, message: PushMessage): Promise<void>;
}

/** A reply older than this notifies no watcher when edited (only the members it newly mentions). */
export const REPLY_EVENT_WINDOW_MS = 24 * 60 * 60 * 1000;

interface Draft {
  userId: number;
  type: NotificationType;
  eventKey: string;
  /** Rows that merge while unread (a thread's reactions). */
  groupKey?: string;
  actorId: number | null;
  thread: { id: number; title: string; slug: string } | null;
  replyId: string | null;
  detail: Record<string, string | number>;
}

type ForumDraft = Omit<Draft, "userId" | "actorId" | "thread" | "replyId">;

/** Turns one event into its notifications; answers how many rows it added or grew. */
export async function handleNotificationEvent(deps: NotificationJobDeps, event: NotificationEvent, now = new Date()): Promise<number> {
  const drafts = await draftsOf(deps, event, now);
  let delivered = 0;
  // One member at a time, each in a transaction of its own: a crash half-way leaves the first
  // ones stored, which the retry skips (their keys), and the others to the retry.
  for (const { draft, preference } of drafts) {
    if (await deliver(deps, draft, preference, now)) delivered += 1;
  }
  return delivered;
}

async function draftsOf(deps: NotificationJobDeps, event: NotificationEvent, now: Date): Promise<{ draft: Draft; preference: Preference }[]> {
  switch (event.kind) {
    case "reply":
      return replyDrafts(deps, event.ids.replyId, now);
    case "thread":
      return threadDrafts(deps, event.ids.threadId);
    case "reaction":
      return reactionDrafts(deps, event.ids.threadId, event.ids.userId);
    case "badge": {
      const award = await findAwardForNotification(deps.prisma, event.ids.userBadgeId);
      return award ? systemDraft(deps, award.userId, "badge", `badge:${event.ids.userBadgeId}`, { badge: award.badgeName }) : [];
    }
    case "warning": {
      const warning = await findWarningForNotification(event.ids.warningId);
      return warning ? systemDraft(deps, warning.userId, "warning", `warning:${event.ids.warningId}`, { severity: warning.severity }) : [];
    }
    case "report": {
      const report = await findReportOutcome(event.ids.reportId);
      return report
        ? systemDraft(deps, report.reporterId, "report", `report:${event.ids.reportId}`, { outcome: report.status, target: report.targetType })
        : [];
    }
    case "payment": {
      const order = await findCreditedOrder(event.ids.orderId);
      return order
        ? systemDraft(deps, order.userId, "payment", `payment:${event.ids.orderId}`, {
            orderId: event.ids.orderId,
            kind: order.kind,
            amount: order.grossAmount,
            tokens: order.tokenAmount,
          })
        : [];
    }
    case "low_balance": {
      const crossing = await findLowTokenCrossing(event.ids.transactionId);
      return crossing
        ? systemDraft(deps, crossing.userId, "low_balance", `low_balance:${event.ids.transactionId}`, {
            balance: crossing.tokenBalance,
            threshold: LOW_TOKEN_BALANCE,
          })
        : [];
    }
  }
}

/** A notification from the system to one member (no actor, no thread): only preferences apply. */
async function systemDraft(deps: NotificationJobDeps, userId: number, type: NotificationType, eventKey: string, detail: Draft["detail"]) {
  const preference = (await preferencesFor(deps.prisma, [userId], type)).get(userId)!;
  if (!wantsAny(preference)) return [];
  return [{ draft: { userId, type, eventKey, actorId: null, thread: null, replyId: null, detail }, preference }];
}

const wantsAny = (preference: Preference) => preference.inApp || preference.email || preference.push;

/**
 * The forum's recipients of one actor's write on a visible thread: everyone in `candidates`
 * but the actor, members who blocked the actor, members who muted the thread, and members who
 * turned that type off everywhere.
 */
async function forumRecipients(
  deps: NotificationJobDeps,
  context: { actorId: number; thread: { id: number; authorId: number; title: string; slug: string }; replyId: string | null },
  candidates: Map<number, ForumDraft>,
): Promise<{ draft: Draft; preference: Preference }[]> {
  candidates.delete(context.actorId);
  const ids = [...candidates.keys()];
  if (ids.length === 0) return [];
  const [blockers, levels] = await Promise.all([blockersAmong(deps.prisma, context.actorId, ids), levelsOn(deps.prisma, context.thread, ids)]);
  const kept = ids.filter((id) => !blockers.has(id) && levels.get(id) !== "muted");
  const result: { draft: Draft; preference: Preference }[] = [];
  for (const type of new Set(kept.map((id) => candidates.get(id)!.type))) {
    const ofType = kept.filter((id) => candidates.get(id)!.type === type);
    const preferences = await preferencesFor(deps.prisma, ofType, type);
    for (const userId of ofType) {
      const preference = preferences.get(userId)!;
      if (!wantsAny(preference)) continue;
      const { id, title, slug } = context.thread;
      result.push({
        draft: { ...candidates.get(userId)!, userId, actorId: context.actorId, thread: { id, title, slug }, replyId: context.replyId },
        preference,
      });
    }
  }
  return result;
}

async function replyDrafts(deps: NotificationJobDeps, replyId: string, now: Date) {
  const reply = (await findRepliesForNotification(deps, [replyId])).get(replyId);
  if (!reply?.isVisible) return [];
  const thread = await findThreadForNotification(deps.prisma, reply.threadId);
  if (!thread?.isVisible) return [];
  const candidates = new Map<number, ForumDraft>();
  const replyKey = `reply:${reply.id}`;
  if (now.getTime() - reply.createdAt.getTime() < REPLY_EVENT_WINDOW_MS) {
    if (reply.parentReplyId) {
      const parent = (await findRepliesForNotification(deps, [reply.parentReplyId])).get(reply.parentReplyId);
      if (parent?.isVisible) candidates.set(parent.userId, { type: "reply", eventKey: replyKey, detail: { to: "reply" } });
    }
    for (const watcher of await watchersOf(deps.prisma, thread)) {
      if (candidates.has(watcher)) continue;
      candidates.set(watcher, { type: "reply", eventKey: replyKey, detail: watcher === thread.authorId ? { to: "thread" } : { watching: 1 } });
    }
  }
  // A member told of the reply itself is not told again that it mentions them (also on an edit).
  const mentioned = await mentionedMembers(deps.prisma, reply.content);
  const told = mentioned.length
    ? await deps.prisma.notification.findMany({ where: { userId: { in: mentioned }, eventKey: replyKey }, select: { userId: true } })
    : [];
  const toldIds = new Set(told.map((row) => row.userId));
  for (const member of mentioned) {
    if (candidates.has(member) || toldIds.has(member)) continue;
    candidates.set(member, { type: "mention", eventKey: `mention:reply:${reply.id}`, detail: { in: "reply" } });
  }
  return forumRecipients(deps, { actorId: reply.userId, thread, replyId: reply.id }, candidates);
}

async function threadDrafts(deps: NotificationJobDeps, threadId: number) {
  const thread = await findThreadForNotification(deps.prisma, threadId);
  if (!thread?.isVisible) return [];
  const candidates = new Map<number, ForumDraft>();
  for (const member of await mentionedMembers(deps.prisma, thread.contentText)) {
    candidates.set(member, { type: "mention", eventKey: `mention:thread:${thread.id}`, detail: { in: "thread" } });
  }
  return forumRecipients(deps, { actorId: thread.authorId, thread, replyId: null }, candidates);
}

async function reactionDrafts(deps: NotificationJobDeps, threadId: number, userId: number) {
  const reaction = await findVisibleReaction(deps, threadId, userId);
  if (!reaction) return [];
  const thread = await findThreadForNotification(deps.prisma, threadId);
  if (!thread?.isVisible) return [];
  const candidates = new Map<number, ForumDraft>([
    [thread.authorId, { type: "reaction", eventKey: `reaction:${threadId}:${userId}`, groupKey: `reaction:${threadId}`, detail: { reaction: reaction.type } }],
  ]);
  return forumRecipients(deps, { actorId: userId, thread, replyId: null }, candidates);
}

/**
 * Stores one member's notification and queues its digest mail in one transaction; then pushes it
 * and tells the live bus. Answers false when it was there already (a retry, a replay). A crash
 * after the commit loses that member's push (a push is a nudge, the row is the notification).
 */
async function deliver(deps: NotificationJobDeps, draft: Draft, preference: Preference, now: Date): Promise<boolean> {
  const stored = await deps.prisma.$transaction(async (tx) => {
    const row = draft.groupKey ? await storeGrouped(tx, draft, preference.inApp) : await storeSingle(tx, draft, preference.inApp);
    if (row && preference.email) await scheduleDigest(tx, draft.userId, now);
    return row;
  });
  if (!stored) return false;
  if (preference.push && deps.sendPush) {
    const recipient = await memberOf(deps.prisma, draft.userId);
    const body = describeNotification({
      type: draft.type,
      actorName: await actorName(deps.prisma, draft),
      othersCount: Math.max(0, stored.actorCount - 1),
      threadTitle: draft.thread?.title ?? null,
      detail: draft.detail,
    }, recipient.locale);
    const url = urlOf({ type: draft.type, threadId: draft.thread?.id ?? null, threadSlug: draft.thread?.slug ?? null, replyId: draft.replyId, detail: draft.detail }, recipient.username);
    await deps
      .sendPush(draft.userId, { title: "Alephdraad", body, url, tag: draft.groupKey ?? stored.id })
      .catch((error: unknown) => deps.logger?.warn({ err: error, userId: draft.userId }, "push failed"));
  }
  if (preference.inApp) await publishUnreadOf(deps, draft.userId);
  return true;
}

async function actorName(prisma: Prisma, draft: Draft): Promise<string | null> {
  return draft.actorId === null ? null : (await memberOf(prisma, draft.actorId)).username;
}

/** A member's username (for names and links to their own pages) and language. */
async function memberOf(prisma: Prisma, userId: number): Promise<{ username: string; locale: Locale }> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { username: true, locale: true } });
  return { username: user?.username ?? "", locale: isLocale(user?.locale) ? user.locale : DEFAULT_LOCALE };
}

type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

interface StoredRow {
  id: string;
  actorCount: number;
}

async function storeSingle(tx: Tx, draft: Draft, inApp: boolean): Promise<StoredRow | null> {
  const [row] = await tx.$queryRaw<StoredRow[]>`
    INSERT INTO notifications (id, user_id, type, event_key, actor_id, actor_count, thread_id, reply_id, detail, in_app)
    VALUES (${newId("ntf")}, ${draft.userId}, ${draft.type}, ${draft.eventKey}, ${draft.actorId}::int, ${draft.actorId === null ? 0 : 1},
            ${draft.thread?.id ?? null}::int, ${draft.replyId}, ${JSON.stringify(draft.detail)}::jsonb, ${inApp})
    ON CONFLICT (user_id, event_key) DO NOTHING
    RETURNING id, actor_count AS "actorCount"`;
  return row ?? null;
}

/**
 * A reaction joins the member's unread group of its thread (or starts one). Each actor counts
 * once per member and thread, ever: the check and the write run under a lock of the group.
 */
async function storeGrouped(tx: Tx, draft: Draft, inApp: boolean): Promise<StoredRow | null> {
  const actorId = draft.actorId!;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`notification:${draft.userId}:${draft.groupKey}`}))`;
  const [counted] = await tx.$queryRaw<{ found: number }[]>`
    SELECT 1 AS found FROM notification_actors na JOIN notifications n ON n.id = na.notification_id
     WHERE n.user_id = ${draft.userId} AND n.group_key = ${draft.groupKey} AND na.actor_id = ${actorId} LIMIT 1`;
  if (counted) return null;
  const [row] = await tx.$queryRaw<StoredRow[]>`
    INSERT INTO notifications (id, user_id, type, event_key, group_key, actor_id, actor_count, thread_id, detail, in_app)
    VALUES (${newId("ntf")}, ${draft.userId}, ${draft.type}, ${draft.eventKey}, ${draft.groupKey}, ${actorId}, 1,
            ${draft.thread?.id ?? null}::int, ${JSON.stringify(draft.detail)}::jsonb, ${inApp})
    ON CONFLICT (user_id, group_key) WHERE read_at IS NULL
    DO UPDATE SET actor_id = EXCLUDED.actor_id, actor_count = notifications.actor_count + 1, detail = EXCLUDED.detail, updated_at = now()
    RETURNING id, actor_count AS "actorCount"`;
  await tx.$executeRaw`INSERT INTO notification_actors (notification_id, actor_id) VALUES (${row!.id}, ${actorId}) ON CONFLICT DO NOTHING`;
  return row!;
}

// ---------------------------------------------------------------------------------------------
// The digest mail: at most one per member per hour
// ---------------------------------------------------------------------------------------------

export const NOTIFICATION_DIGEST_TASK = "notification_digest";
export const DIGEST_INTERVAL_MS = 60 * 60 * 1000;
/** Notifications in one mail; more wait for the next one, an hour later. */
export const DIGEST_MAX_ITEMS = 50;
export const digestJobKey = (userId: number) => `${NOTIFICATION_DIGEST_TASK}:${userId}`;

/**
 * Queues the member's digest no earlier than an hour after their last one. One pending job per
 * member (its key), whose run time a later notification keeps (preserve_run_at).
 */
async function scheduleDigest(tx: Tx, userId: number, now: Date, earliest?: Date): Promise<void> {
  const state = earliest ? null : await tx.notificationDigest.findUnique({ where: { userId } });
  const due = earliest ?? (state ? new Date(state.lastSentAt.getTime() + DIGEST_INTERVAL_MS) : now);
  await enqueueJob(tx, NOTIFICATION_DIGEST_TASK, { userId }, { jobKey: digestJobKey(userId), runAt: due > now ? due : now, jobKeyMode: "preserve_run_at" });
}

export interface DigestDeps extends Pick<NotificationDeps, "prisma" | "replies"> {
  mailer: Pick<Mailer, "send">;
  /** The site's public origin (links in the mail are absolute). */
  publicOrigin: string;
}

/**
 * Mails a member every unread, not yet mailed notification whose type they get by e-mail, and
 * marks them mailed. The mail is sent inside the transaction that marks them: a failed send
 * rolls the marks back (the job retries), and a crash between the send and the commit sends the
 * same notifications again on the retry. So a crash errs towards a second mail, never a lost one.
 * Answers how many notifications the mail carried (0: no mail).
 */
export async function sendDigest(deps: DigestDeps, userId: number, now = new Date()): Promise<number> {
  return deps.prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${digestJobKey(userId)}))`;
      const state = await tx.notificationDigest.findUnique({ where: { userId } });
      if (state && now.getTime() - state.lastSentAt.getTime() < DIGEST_INTERVAL_MS) {
        // Too early (a job queued while the last one ran): the next one waits its hour.
        await scheduleDigest(tx, userId, now, new Date(state.lastSentAt.getTime() + DIGEST_INTERVAL_MS));
        return 0;
      }
      const member = await tx.user.findUnique({ where: { id: userId }, select: { email: true, username: true, isVerified: true, isLocked: true, locale: true } });
      // Only to an address the member proved is theirs, and not to a locked account.
      if (!member || !member.isVerified || member.isLocked) return 0;
      const chosen = new Map((await tx.notificationPreference.findMany({ where: { userId } })).map((row) => [row.type, row.email]));
      const mailed = NOTIFICATION_TYPES.filter((type) => chosen.get(type) ?? defaultPreference(type).email);
      const rows = await tx.$queryRaw<DigestRow[]>`
        SELECT n.id, n.type, n.actor_count, n.thread_id, n.reply_id, n.detail, a.username::text AS actor_username,
               t.title AS thread_title, t.slug AS thread_slug
          FROM notifications n
          LEFT JOIN threads t ON t.id = n.thread_id
          LEFT JOIN users a ON a.id = n.actor_id
         WHERE ${visibleToSql(userId)} AND n.read_at IS NULL AND n.emailed_at IS NULL
           AND n.type = ANY(${mailed}::text[])
         ORDER BY n.updated_at DESC, n.id DESC
         LIMIT ${DIGEST_MAX_ITEMS}
         FOR UPDATE OF n`;
      const { rows: shown } = await visibleReplyRows(deps, rows);
      if (shown.length === 0) return 0;
      await deps.mailer.send({ to: member.email, ...digestMail(deps.publicOrigin, member.username, isLocale(member.locale) ? member.locale : DEFAULT_LOCALE, shown) });
      await tx.$executeRaw`UPDATE notifications SET emailed_at = ${now} WHERE id = ANY(${shown.map((row) => row.id)}::text[])`;
      await tx.notificationDigest.upsert({ where: { userId }, create: { userId, lastSentAt: now }, update: { lastSentAt: now } });
      if (rows.length === DIGEST_MAX_ITEMS) await scheduleDigest(tx, userId, now, new Date(now.getTime() + DIGEST_INTERVAL_MS));
      return shown.length;
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

interface DigestRow {
  id: string;
  type: NotificationType;
  actor_count: number;
  thread_id: number | null;
  reply_id: string | null;
  detail: Record<string, string | number>;
  actor_username: string | null;
  thread_title: string | null;
  thread_slug: string | null;
}

function digestMail(origin: string, username: string, locale: Locale, rows: DigestRow[]) {
  const options = { locale };
  const lines = rows.map((row) => {
    const text = describeNotification({
      type: row.type,
      actorName: row.actor_username,
      othersCount: Math.max(0, row.actor_count - 1),
      threadTitle: row.thread_title,
      detail: row.detail,
    }, locale);
    const url = urlOf({ type: row.type, threadId: row.thread_id, threadSlug: row.thread_slug, replyId: row.reply_id, detail: row.detail }, username);
    return `- ${text}\n  ${origin}${url}`;
  });
  return {
    subject: m.mail_digest_subject({ count: rows.length }, options),
    text: [
      m.mail_hello({ username }, options),
      "",
      m.mail_digest_intro({}, options),
      "",
      ...lines,
      "",
      m.mail_digest_all({ url: `${origin}/notifikasi` }, options),
      m.mail_digest_settings({ url: `${origin}/pengaturan/notifikasi` }, options),
    ].join("\n"),
  };
}

// ---------------------------------------------------------------------------------------------
// The sweep: events a crash lost between a MongoDB write and its job
// ---------------------------------------------------------------------------------------------

export const NOTIFICATION_SWEEP_TASK = "notification_sweep";
/** How far back the sweep looks; it runs every two minutes, so each write is seen a few times. */
export const SWEEP_WINDOW_MS = 10 * 60 * 1000;
/** Writes younger than this are left to their own job (which the sweep would only duplicate). */
export const SWEEP_GRACE_MS = 30 * 1000;
const SWEEP_LIMIT = 2000;

/**
 * Queues the event of every recent reply, reaction and low-balance debit again. Replies and
 * reactions live in MongoDB, so a crash between their write and their job (or a reaction's job,
 * which has no transaction to share) loses the job; low balances are only found here. The
 * events' keys make the repeats harmless. Answers how many events it queued.
 */
export async function sweepRecentActivity(deps: Pick<NotificationJobDeps, "prisma" | "replies" | "reactions">, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - SWEEP_WINDOW_MS);
  const until = new Date(now.getTime() - SWEEP_GRACE_MS);
  const events: NotificationEvent[] = [
    ...(await repliesChangedBetween(deps, since, until, SWEEP_LIMIT)).map((replyId): NotificationEvent => ({ kind: "reply", ids: { replyId } })),
    ...(await reactionsCreatedBetween(deps, since, until, SWEEP_LIMIT)).map((ids): NotificationEvent => ({ kind: "reaction", ids })),
    ...(await lowTokenCrossingsBetween(since, now, SWEEP_LIMIT)).map((transactionId): NotificationEvent => ({ kind: "low_balance", ids: { transactionId } })),
  ];
  for (const event of events) await queueNotificationEvent(deps.prisma, event);
  return events.length;
}
