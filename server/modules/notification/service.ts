import { Prisma as PrismaNamespace } from "../../platform/db/generated/client.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { NotFoundError } from "../../platform/errors.ts";
import { toPage, type Page } from "../pagination.ts";
import { findRepliesForNotification, type ReplyStore } from "../reply/service.ts";
import { findThreadForNotification, threadNotFound, visibleThreadSql } from "../thread/service.ts";
import { NOTIFICATION_TYPES, type NotificationCursor, type NotificationType, type ThreadLevel } from "./schemas.ts";
import { replyAnchor } from "../../../shared/reply-anchor.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

const { sql, empty } = PrismaNamespace;

/*
 * A member's notifications as the app shows them (notification.*), their preferences and their
 * level on each thread. Rows are made by the event handler (handler.ts); what is shown is decided
 * here, now: nothing about a thread or reply hidden or deleted since, nothing from a member
 * blocked since.
 */

export interface NotificationDeps {
  prisma: Prisma;
  /** ReplyModel unless given. */
  replies?: ReplyStore;
  /** Told each member's unread count after it changes (the live bus, wired by the runtime). */
  publishUnread?(userId: number, unread: number): Promise<void>;
}

export interface NotificationItem {
  id: string;
  type: NotificationType;
  createdAt: Date;
  updatedAt: Date;
  readAt: Date | null;
  /** The member who caused it (the latest one of a group); null for system notifications. */
  actor: { username: string } | null;
  /** Grouped reactions: how many other distinct members (0 otherwise). */
  othersCount: number;
  thread: { id: number; title: string } | null;
  /** Relative link to open it. */
  url: string;
  /** At most EXCERPT_LENGTH characters of the reply's or thread's text (reply, mention). */
  excerpt: string | null;
  detail: Record<string, string | number>;
}

export const EXCERPT_LENGTH = 140;
/** The unread count stops at this (a badge shows "999+"); counting further would read every row. */
export const MAX_UNREAD_COUNTED = 999;

// ---------------------------------------------------------------------------------------------
// Preferences
// ---------------------------------------------------------------------------------------------

export interface Preference {
  type: NotificationType;
  inApp: boolean;
  email: boolean;
  push: boolean;
}

/** What a member gets without choosing: everything in the app, e-mail for replies and mentions, no push. */
export function defaultPreference(type: NotificationType): Preference {
  return { type, inApp: true, email: type === "reply" || type === "mention", push: false };
}

/** Each member's preference for one type, defaults filled in. */
export async function preferencesFor(prisma: Pick<Prisma, "notificationPreference">, userIds: number[], type: NotificationType): Promise<Map<number, Preference>> {
  const rows = userIds.length
    ? await prisma.notificationPreference.findMany({ where: { userId: { in: [...new Set(userIds)] }, type } })
    : [];
  const chosen = new Map(rows.map((row) => [row.userId, { type, inApp: row.inApp, email: row.email, push: row.push }]));
  return new Map(userIds.map((id) => [id, chosen.get(id) ?? defaultPreference(type)]));
}

/** Every type's preference of a member. */
export async function listPreferences({ prisma }: Pick<NotificationDeps, "prisma">, userId: number): Promise<{ items: Preference[] }> {
  const rows = await prisma.notificationPreference.findMany({ where: { userId } });
  const chosen = new Map(rows.map((row) => [row.type, row]));
  return {
    items: NOTIFICATION_TYPES.map((type) => {
      const row = chosen.get(type);
      return row ? { type, inApp: row.inApp, email: row.email, push: row.push } : defaultPreference(type);
    }),
  };
}

/** Changes some channels of one type; the others keep their current (or default) value. */
export async function setPreference(
  { prisma }: Pick<NotificationDeps, "prisma">,
  userId: number,
  input: { type: NotificationType; inApp?: boolean | undefined; email?: boolean | undefined; push?: boolean | undefined },
): Promise<Preference> {
  return prisma.$transaction(async (tx) => {
    // Two changes at once each keep the other's channel: the second reads after the first.
    await tx.$executeRaw`SELECT 1 FROM users WHERE id = ${userId} FOR NO KEY UPDATE`;
    const current = (await preferencesFor(tx, [userId], input.type)).get(userId)!;
    const next = {
      inApp: input.inApp ?? current.inApp,
      email: input.email ?? current.email,
      push: input.push ?? current.push,
    };
    await tx.notificationPreference.upsert({
      where: { userId_type: { userId, type: input.type } },
      create: { userId, type: input.type, ...next },
      update: { ...next, updatedAt: new Date() },
    });
    return { type: input.type, ...next };
  });
}

// ---------------------------------------------------------------------------------------------
// Thread levels
// ---------------------------------------------------------------------------------------------

/** A member's level on a thread: their choice, else watching for its author and normal for others. */
export async function levelsOn(
  prisma: Pick<Prisma, "threadSubscription">,
  thread: { id: number; authorId: number },
  userIds: number[],
): Promise<Map<number, ThreadLevel>> {
  const rows = userIds.length
    ? await prisma.threadSubscription.findMany({ where: { threadId: thread.id, userId: { in: [...new Set(userIds)] } } })
    : [];
  const chosen = new Map(rows.map((row) => [row.userId, row.level as ThreadLevel]));
  return new Map(userIds.map((id) => [id, chosen.get(id) ?? (id === thread.authorId ? "watching" : "normal")]));
}

/** The members who chose to watch a thread (its author watches it unless they chose otherwise). */
export async function watchersOf(prisma: Prisma, thread: { id: number; authorId: number }): Promise<number[]> {
  const rows = await prisma.threadSubscription.findMany({ where: { threadId: thread.id, level: "watching" }, select: { userId: true } });
  const watchers = new Set(rows.map((row) => row.userId));
  const authorLevel = await levelsOn(prisma, thread, [thread.authorId]);
  if (authorLevel.get(thread.authorId) === "watching") watchers.add(thread.authorId);
  return [...watchers];
}

async function visibleThreadOrNotFound(prisma: Prisma, threadId: number) {
  const thread = await findThreadForNotification(prisma, threadId);
  if (!thread?.isVisible) throw threadNotFound();
  return thread;
}

export async function getThreadLevel({ prisma }: Pick<NotificationDeps, "prisma">, userId: number, threadId: number): Promise<{ level: ThreadLevel }> {
  const thread = await visibleThreadOrNotFound(prisma, threadId);
  return { level: (await levelsOn(prisma, thread, [userId])).get(userId)! };
}

export async function setThreadLevel(
  { prisma }: Pick<NotificationDeps, "prisma">,
  userId: number,
  threadId: number,
  level: ThreadLevel,
): Promise<{ level: ThreadLevel }> {
  await visibleThreadOrNotFound(prisma, threadId);
  await prisma.threadSubscription.upsert({
    where: { userId_threadId: { userId, threadId } },
    create: { userId, threadId, level },
    update: { level, updatedAt: new Date() },
  });
  return { level };
}

// ---------------------------------------------------------------------------------------------
// The list, the unread count, reading
// ---------------------------------------------------------------------------------------------

/**
 * What a member may be told about now, for a query naming notifications `n` and LEFT JOINing
 * threads as `t`: their own rows whose thread (if any) is visible, whose actor they have not
 * blocked and whose actor's content is not all hidden by moderation (their reactions go with
 * it). Replies live in MongoDB: visibleReplyRows checks them.
 */
export const visibleToSql = (userId: number) => sql`
  n.user_id = ${userId}
  AND (n.thread_id IS NULL OR (${visibleThreadSql}))
  AND (n.actor_id IS NULL OR NOT EXISTS (SELECT 1 FROM member_blocks b WHERE b.blocker_id = n.user_id AND b.blocked_id = n.actor_id))
  AND (n.actor_id IS NULL OR NOT EXISTS (SELECT 1 FROM member_content_hides h WHERE h.user_id = n.actor_id AND h.hidden))`;

/** What the app shows: visibleToSql, less the types the member switched off in the app. */
const shownSql = (userId: number) => sql`${visibleToSql(userId)} AND n.in_app`;

/** The rows whose reply (if any) is still visible, with each visible reply's text. */
export async function visibleReplyRows<T extends { reply_id: string | null }>(deps: NotificationDeps, rows: T[]) {
  const replies = await findRepliesForNotification(deps, rows.flatMap((row) => (row.reply_id ? [row.reply_id] : [])));
  return {
    rows: rows.filter((row) => !row.reply_id || replies.get(row.reply_id)?.isVisible === true),
    textOf: (replyId: string) => replies.get(replyId)?.content ?? "",
  };
}

/** How many of a member's notifications are unread and shown (at most MAX_UNREAD_COUNTED). */
export async function countUnread(deps: NotificationDeps, userId: number): Promise<number> {
  const rows = await deps.prisma.$queryRaw<{ reply_id: string | null }[]>`
    SELECT n.reply_id FROM notifications n LEFT JOIN threads t ON t.id = n.thread_id
     WHERE ${shownSql(userId)} AND n.read_at IS NULL
     ORDER BY n.updated_at DESC
     LIMIT ${MAX_UNREAD_COUNTED}`;
  return (await visibleReplyRows(deps, rows)).rows.length;
}

export async function getUnreadCount(deps: NotificationDeps, userId: number): Promise<{ unread: number }> {
  return { unread: await countUnread(deps, userId) };
}

interface ListRow {
  id: string;
  type: NotificationType;
  created_at: Date;
  updated_at: Date;
  read_at: Date | null;
  actor_username: string | null;
  actor_count: number;
  thread_id: number | null;
  thread_title: string | null;
  thread_slug: string | null;
  thread_text: string | null;
  reply_id: string | null;
  detail: Record<string, string | number>;
  sort_us: bigint;
}

/** A text cut to EXCERPT_LENGTH characters on one line. */
export function excerptOf(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH - 1)}…` : line;
}

/** Where a notification opens (relative); `username` is the member's own (their profile). */
export function urlOf(
  item: { type: NotificationType; threadId: number | null; threadSlug: string | null; replyId: string | null; detail: Record<string, string | number> },
  username: string,
): string {
  switch (item.type) {
    case "badge":
      return `/u/${encodeURIComponent(username)}`;
    case "warning":
      return "/pengaturan/peringatan";
    case "report":
      return "/laporan-saya";
    case "payment":
      return `/dompet/transaksi/${encodeURIComponent(String(item.detail.orderId ?? ""))}`;
    case "low_balance":
      return "/dompet";
    default: {
      if (item.threadId === null) return "/notifikasi";
      const thread = `/t/${item.threadId}/${encodeURIComponent(item.threadSlug ?? "")}`;
      return item.replyId ? `${thread}#${replyAnchor(item.replyId)}` : thread;
    }
  }
}

/** A member's notifications, newest (or most recently grown group) first. */
export async function listNotifications(
  deps: NotificationDeps,
  member: { id: number; username: string },
  input: { cursor?: NotificationCursor | undefined; limit: number },
): Promise<Page<NotificationItem>> {
  const afterCursor = input.cursor
    ? sql`AND (n.updated_at, n.id) < (timestamptz 'epoch' + ${input.cursor.at}::float8 * interval '1 microsecond', ${input.cursor.id})`
    : empty;
  const rows = await deps.prisma.$queryRaw<ListRow[]>`
    SELECT n.id, n.type, n.created_at, n.updated_at, n.read_at, n.actor_count, n.thread_id, n.reply_id, n.detail,
           a.username::text AS actor_username, t.title AS thread_title, t.slug AS thread_slug,
           left(t.content_text, ${EXCERPT_LENGTH * 2}) AS thread_text,
           (extract(epoch FROM n.updated_at) * 1000000)::bigint AS sort_us
      FROM notifications n
      LEFT JOIN threads t ON t.id = n.thread_id
      LEFT JOIN users a ON a.id = n.actor_id
     WHERE ${shownSql(member.id)} ${afterCursor}
     ORDER BY n.updated_at DESC, n.id DESC
     LIMIT ${input.limit + 1}`;
  const page = toPage(rows, input.limit, (row) => row, (row): NotificationCursor => ({ at: Number(row.sort_us), id: row.id }));
  // Rows of a reply hidden since are left out of the page (the cursor still moves past them).
  const { rows: shown, textOf } = await visibleReplyRows(deps, page.items);
  return { items: shown.map((row) => itemOf(row, member.username, textOf)), nextCursor: page.nextCursor };
}

function itemOf(row: ListRow, username: string, textOf: (replyId: string) => string): NotificationItem {
  const withText = row.type === "reply" || row.type === "mention";
  const text = row.reply_id ? textOf(row.reply_id) : (row.thread_text ?? "");
  return {
    id: row.id,
    type: row.type,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    readAt: row.read_at,
    actor: row.actor_username ? { username: row.actor_username } : null,
    othersCount: Math.max(0, row.actor_count - 1),
    thread: row.thread_id !== null && row.thread_title !== null ? { id: row.thread_id, title: row.thread_title } : null,
    url: urlOf({ type: row.type, threadId: row.thread_id, threadSlug: row.thread_slug, replyId: row.reply_id, detail: row.detail }, username),
    excerpt: withText ? excerptOf(text) : null,
    detail: row.detail,
  };
}

/** Tells the live bus (when there is one) a member's unread count; never fails the change that caused it. */
export async function publishUnreadOf(deps: NotificationDeps, userId: number, unread?: number): Promise<void> {
  if (!deps.publishUnread) return;
  await deps.publishUnread(userId, unread ?? (await countUnread(deps, userId))).catch(() => {});
}

async function unreadAfterChange(deps: NotificationDeps, userId: number): Promise<{ unread: number }> {
  const unread = await countUnread(deps, userId);
  await publishUnreadOf(deps, userId, unread);
  return { unread };
}

/** Marks one of the member's own notifications read; NotFoundError for anyone else's (or none). */
export async function markRead(deps: NotificationDeps, userId: number, id: string): Promise<{ unread: number }> {
  const [row] = await deps.prisma.$queryRaw<{ id: string }[]>`
    UPDATE notifications SET read_at = COALESCE(read_at, now())
     WHERE id = ${id} AND user_id = ${userId}
    RETURNING id`;
  if (!row) throw new NotFoundError(m.error_notification_notFound());
  return unreadAfterChange(deps, userId);
}

/** Marks every notification of the member read. */
export async function markAllRead(deps: NotificationDeps, userId: number): Promise<{ unread: number }> {
  await deps.prisma.$executeRaw`UPDATE notifications SET read_at = now() WHERE user_id = ${userId} AND read_at IS NULL`;
  return unreadAfterChange(deps, userId);
}
