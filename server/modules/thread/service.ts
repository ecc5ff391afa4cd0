import { z } from "zod";
import { Prisma as PrismaNamespace } from "../../platform/db/generated/client.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { ForbiddenError, NotFoundError } from "../../platform/errors.ts";
import { enqueueJob } from "../../platform/jobs.ts";
import type { Cache } from "../../platform/cache.ts";
import { trimEndOf, trimOf } from "../../platform/text.ts";
import { primaryBadgeOf, primaryBadgesOf, type BadgeChip } from "../badge/service.ts";
import { categoryIdOf } from "../category/service.ts";
import { cachedForumRead, invalidateForumReads } from "../forum-cache.ts";
import { queueNotificationEvent } from "../notification/events.ts";
import { toPage, type Page } from "../pagination.ts";
import { rowId } from "../schemas.ts";
import { excerptOf } from "../../../shared/excerpt.ts";
import type { Viewer } from "../viewer.ts";
import { claimWriteKey, requireSameWriter, type WriteOnce } from "../write-keys.ts";
import { contentTextOf } from "./content-text.ts";
import type { ThreadDocument } from "./document-schema.ts";
import { canEditThread } from "./policies.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

const { sql, raw, empty } = PrismaNamespace;

/** The job that follows a thread's deletion into MongoDB (deleteThread; worked in hide-activity.ts). */
export const HIDE_THREAD_ACTIVITY_TASK = "thread.hideActivity";

/** One pending job per thread: deleting twice before the worker runs does not queue it twice. */
export const hideActivityJobKey = (threadId: number) => `${HIDE_THREAD_ACTIVITY_TASK}:${threadId}`;

/**
 * A thread shown in lists, search, Aleph's retrieval and counts: not deleted by its author, not
 * hidden by a moderator, not hidden with all of its author's content. (A thread hidden either
 * way still answers at its address, with a placeholder: findThread.)
 */
export const visibleThreadWhere = { isDeleted: false, hiddenAt: null, hiddenWithAuthor: false } as const;

/** visibleThreadWhere in SQL, for a query naming the threads table `t`. */
export const visibleThreadSql = sql`NOT t.is_deleted AND t.hidden_at IS NULL AND NOT t.hidden_with_author`;

export const THREAD_SORTS = ["newest", "active"] as const;
export type ThreadSort = (typeof THREAD_SORTS)[number];

/**
 * Where a page of threads ends: the sort column in microseconds since the epoch plus the id.
 * Microseconds, not a JS Date, because PostgreSQL keeps them and rows created in one
 * millisecond (one seed transaction shares now()) would otherwise be skipped.
 */
export const threadCursorPosition = z.object({
  // Up to the year 2286; keeps the value a safe integer and a valid timestamp.
  at: z.number().int().min(0).max(1e16),
  id: rowId,
});
export type ThreadCursor = z.output<typeof threadCursorPosition>;

export interface ThreadListInput {
  categorySlug?: string;
  /** A profile's threads. */
  authorId?: number;
  sort: ThreadSort;
  cursor?: ThreadCursor;
  limit: number;
}

export interface ThreadListItem {
  id: number;
  title: string;
  slug: string;
  summary: string;
  category: { slug: string; name: string; color: string };
  author: { id: number; username: string; primaryBadge: BadgeChip | null };
  replyCount: number;
  createdAt: Date;
  lastActivityAt: Date;
}

// Fixed identifiers, never user input: safe to splice into the SQL.
const sortColumns: Record<ThreadSort, string> = {
  newest: "created_at",
  active: "last_activity_at",
};

/** The columns of a thread list query, as PostgreSQL names them. */
export interface ThreadListRow {
  id: number;
  title: string;
  slug: string;
  summary: string;
  reply_count: number;
  created_at: Date;
  last_activity_at: Date;
  category_slug: string;
  category_name: string;
  category_color: string;
  author_id: number;
  author_username: string;
}

/** The category and author columns of a list row (categories as c, users as u). */
export const threadListJoinColumns = sql`
  c.slug AS category_slug, c.name AS category_name, c.color AS category_color,
  u.id AS author_id, u.username::text AS author_username`;

/** A list row as an item; its author's primary badge is filled in by withAuthorBadges. */
export function threadListItemOf(row: ThreadListRow): ThreadListItem {
  return {
    id: row.id,
    title: row.title,
    slug: row.slug,
    summary: row.summary,
    category: { slug: row.category_slug, name: row.category_name, color: row.category_color },
    author: { id: row.author_id, username: row.author_username, primaryBadge: null },
    replyCount: row.reply_count,
    createdAt: row.created_at,
    lastActivityAt: row.last_activity_at,
  };
}

/** Fills in the authors' primary badges of a page of list items (badge/service.ts). */
export async function withAuthorBadges<T extends ThreadListItem>(prisma: Prisma, page: Page<T>): Promise<Page<T>> {
  const badges = await primaryBadgesOf(prisma, page.items.map((item) => item.author.id));
  for (const item of page.items) item.author.primaryBadge = badges.get(item.author.id) ?? null;
  return page;
}

/**
 * Visible threads, newest or most recently active first, one keyset page at a time. Raw SQL
 * because the keyset compares (column, id) at PostgreSQL's microsecond precision.
 */
export async function listThreads(prisma: Prisma, input: ThreadListInput): Promise<Page<ThreadListItem>> {
  const column = raw(`t.${sortColumns[input.sort]}`);
  const inCategory = input.categorySlug ? sql`AND c.slug = ${input.categorySlug}` : empty;
  const byAuthor = input.authorId ? sql`AND t.author_id = ${input.authorId}` : empty;
  const afterCursor = input.cursor
    ? sql`AND (${column}, t.id) < (timestamptz 'epoch' + ${input.cursor.at}::float8 * interval '1 microsecond', ${input.cursor.id})`
    : empty;
  const rows = await prisma.$queryRaw<(ThreadListRow & { sort_us: bigint })[]>`
    SELECT t.id, t.title, t.slug, t.summary, t.reply_count, t.created_at, t.last_activity_at,
           ${threadListJoinColumns},
           (extract(epoch FROM ${column}) * 1000000)::bigint AS sort_us
      FROM threads t
      JOIN categories c ON c.id = t.category_id
      JOIN users u ON u.id = t.author_id
     WHERE ${visibleThreadSql} ${inCategory} ${byAuthor} ${afterCursor}
     ORDER BY ${column} DESC, t.id DESC
     LIMIT ${input.limit + 1}`;
  const page = toPage(
    rows,
    input.limit,
    threadListItemOf,
    (row): ThreadCursor => ({ at: Number(row.sort_us), id: row.id }),
  );
  return withAuthorBadges(prisma, page);
}

/** What the forum's reads need: the database and the forum cache (null: process memory). */
export interface ThreadReadDeps {
  prisma: Prisma;
  cache: Cache;
}

/** A page of threads as the API answers it: first pages, the hot reads, from the forum cache. */
export function getThreadPage({ prisma, cache }: ThreadReadDeps, input: ThreadListInput): Promise<Page<ThreadListItem>> {
  const load = () => listThreads(prisma, input);
  // Later pages (and profiles' lists) go to the database.
  if (input.cursor || input.authorId) return load();
  return cachedForumRead(cache, `threads:${input.categorySlug ?? "*"}:${input.sort}:${input.limit}`, load);
}

/** How much of a thread's text its excerpt keeps (thread page description, feeds, structured data). */
export const THREAD_EXCERPT_LENGTH = 300;

/** What a thread hidden by moderation shows instead of its content: nothing but its place. */
const EMPTY_DOCUMENT = { type: "doc", content: [] };

/**
 * A thread with everything its page shows, or null when missing or deleted. A thread hidden by
 * moderation is still found (its address keeps working) but carries `isHidden` and none of its
 * title, summary or content.
 */
export async function findThread(prisma: Prisma, id: number) {
  const found = await prisma.thread.findFirst({
    where: { id, isDeleted: false },
    select: {
      hiddenAt: true,
      hiddenWithAuthor: true,
      id: true,
      title: true,
      slug: true,
      summary: true,
      contentJson: true,
      contentText: true,
      replyCount: true,
      createdAt: true,
      updatedAt: true,
      lastActivityAt: true,
      category: { select: { id: true, slug: true, name: true, color: true } },
      author: {
        select: {
          id: true,
          username: true,
          avatarUrl: true,
        },
      },
    },
  });
  if (!found) return null;
  const { hiddenAt, hiddenWithAuthor, contentText, ...rest } = found;
  const isHidden = hiddenAt !== null || hiddenWithAuthor;
  // The start of its text, for the page's description and structured data (search engines).
  const thread = { ...rest, excerpt: excerptOf(contentText, THREAD_EXCERPT_LENGTH) };
  const shown = isHidden ? { ...thread, title: "", summary: "", excerpt: "", contentJson: EMPTY_DOCUMENT } : thread;
  return { ...shown, isHidden, author: { ...thread.author, primaryBadge: await primaryBadgeOf(prisma, thread.author.id) } };
}

export type ThreadDetail = NonNullable<Awaited<ReturnType<typeof findThread>>>;

/** What every thread-scoped read or write answers for a missing or deleted thread. */
export function threadNotFound(): NotFoundError {
  return new NotFoundError(m.error_thread_notFound());
}

/** A visible thread as the API answers it, from the forum cache; NotFoundError when missing or deleted. */
export async function getThread({ prisma, cache }: ThreadReadDeps, id: number): Promise<ThreadDetail> {
  const thread = await cachedForumRead(cache, `thread:${id}`, () => findThread(prisma, id));
  if (!thread) throw threadNotFound();
  return thread;
}

/** Excerpts of the text of those of these threads that are visible (visibleThreadWhere), by id. */
export async function visibleThreadExcerpts(prisma: Prisma, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await prisma.$queryRaw<{ id: number; text: string }[]>`
    SELECT t.id, left(t.content_text, ${THREAD_EXCERPT_LENGTH * 2}) AS text
      FROM threads t
     WHERE ${visibleThreadSql} AND t.id = ANY(${ids}::int[])`;
  return new Map(rows.map((row) => [row.id, excerptOf(row.text, THREAD_EXCERPT_LENGTH)]));
}

/** A visible thread as a sitemap lists it. */
export interface SitemapThread {
  id: number;
  slug: string;
  lastActivityAt: Date;
}

/**
 * Visible threads in groups of `size` consecutive ids (group 0 holds ids 1..size): how many each
 * holds and its newest activity, non-empty groups only. A group keeps its threads while others
 * come and go, so a sitemap page lists the same threads tomorrow and never more than `size`.
 */
export async function sitemapThreadGroups(prisma: Prisma, size: number): Promise<{ group: number; count: number; lastActivityAt: Date }[]> {
  const rows = await prisma.$queryRaw<{ group: number; count: bigint; last: Date }[]>`
    SELECT ((t.id - 1) / ${size}::int)::int AS "group", count(*) AS count, max(t.last_activity_at) AS last
      FROM threads t
     WHERE ${visibleThreadSql}
     GROUP BY 1
     ORDER BY 1`;
  return rows.map((row) => ({ group: row.group, count: Number(row.count), lastActivityAt: row.last }));
}

/** Visible threads with ids in [fromId, toId], by id, at most `limit` of them. */
export function listSitemapThreads(prisma: Prisma, range: { fromId: number; toId: number; limit: number }): Promise<SitemapThread[]> {
  return prisma.thread.findMany({
    where: { ...visibleThreadWhere, id: { gte: range.fromId, lte: range.toId } },
    select: { id: true, slug: true, lastActivityAt: true },
    orderBy: { id: "asc" },
    take: range.limit,
  });
}

/** Whether a thread exists and is visible (visibleThreadWhere): its replies and reactions are shown only then. */
export async function isThreadVisible(prisma: Prisma, id: number): Promise<boolean> {
  const count = await prisma.thread.count({ where: { id, ...visibleThreadWhere } });
  return count > 0;
}

/** For the modules hanging off a thread (replies, reactions): NotFoundError unless it is visible. */
export async function requireVisibleThread(prisma: Prisma, id: number): Promise<void> {
  if (!(await isThreadVisible(prisma, id))) throw threadNotFound();
}

/** A member's visible threads, for their profile. */
export function countThreadsByAuthor(prisma: Prisma, authorId: number): Promise<number> {
  return prisma.thread.count({ where: { authorId, ...visibleThreadWhere } });
}

/** The URL part of a thread's address, from its title: ASCII words joined by dashes. */
export function slugOf(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-");
  // Dashes trimmed by loops, not /^-+|-+$/ (quadratic on long runs of dashes).
  return trimEndOf(trimOf(slug, "-").slice(0, 80), "-") || "thread";
}

/** A thread as its author writes it: the category by its slug. */
export interface ThreadWriteInput {
  title: string;
  summary: string;
  categorySlug: string;
  contentJson: ThreadDocument;
}

export interface ThreadWriteDeps extends ThreadReadDeps {
  /** Called after every change that alters thread lists or category counts; by default the forum cache is dropped. */
  onListsChanged?(): Promise<void>;
}

function listsChanged(deps: ThreadWriteDeps): Promise<void> {
  return deps.onListsChanged ? deps.onListsChanged() : invalidateForumReads(deps.cache);
}

/**
 * The fields a thread write stores: content_text always follows content_json (search reads it).
 * An unknown category is bad input (InvalidError).
 */
async function storedFields(prisma: Prisma, input: ThreadWriteInput, currentCategoryId?: number) {
  return {
    title: input.title,
    slug: slugOf(input.title),
    summary: input.summary,
    // An archived category takes no new threads; an edit may keep its thread there.
    categoryId: await categoryIdOf(prisma, input.categorySlug, currentCategoryId),
    contentJson: input.contentJson as object,
    contentText: contentTextOf(input.contentJson),
  };
}

/**
 * Starts a thread. With an idempotency key it is made once: the thread and the key's claim commit
 * together, and a send again with the key (later, or concurrent: it waits for the first) answers the
 * thread that send made instead.
 */
export async function createThread(deps: ThreadWriteDeps, authorId: number, input: ThreadWriteInput & WriteOnce) {
  requireSameWriter(input, authorId);
  const data = { ...(await storedFields(deps.prisma, input)), authorId };
  const { idempotencyKey } = input;
  // The thread and the job that tells the members it mentions commit together.
  const made = await deps.prisma.$transaction(async (tx) => {
    const created = await tx.thread.create({ data, select: { id: true, slug: true } });
    const earlier = idempotencyKey ? await claimWriteKey(tx, authorId, idempotencyKey, "thread", String(created.id)) : null;
    // Sent before: this copy goes with the transaction.
    if (earlier) throw new SentBefore(Number(earlier));
    await queueNotificationEvent(tx, { kind: "thread", ids: { threadId: created.id } });
    return created;
  }).catch((error: unknown) => {
    if (error instanceof SentBefore) return error;
    throw error;
  });
  if (made instanceof SentBefore) return deps.prisma.thread.findUniqueOrThrow({ where: { id: made.threadId }, select: { id: true, slug: true } });
  await listsChanged(deps);
  return made;
}

/** Rolls back a thread's creation whose idempotency key a thread already holds. */
class SentBefore extends Error {
  constructor(readonly threadId: number) {
    super("sent before");
  }
}

/**
 * A visible thread the viewer may change (thread/policies.ts): NotFoundError when it is missing
 * or deleted, ForbiddenError when the viewer is neither its author nor an admin.
 */
async function authorizeThreadChange(prisma: Prisma, viewer: Viewer, id: number): Promise<{ categoryId: number }> {
  // A hidden thread cannot be edited back into view by its author.
  const thread = await prisma.thread.findFirst({ where: { id, ...visibleThreadWhere }, select: { authorId: true, categoryId: true } });
  if (!thread) throw threadNotFound();
  if (!canEditThread(thread, viewer)) {
    throw new ForbiddenError(m.error_authorOrAdminOnly());
  }
  return { categoryId: thread.categoryId };
}

/** Prisma's "no row matched" (here: the thread was deleted meanwhile). */
function isMissingRow(error: unknown): boolean {
  return error instanceof PrismaNamespace.PrismaClientKnownRequestError && error.code === "P2025";
}

/** Edits a thread as the viewer; NotFoundError when it is missing or deleted (also meanwhile). */
export async function updateThread(deps: ThreadWriteDeps, viewer: Viewer, id: number, input: ThreadWriteInput) {
  const current = await authorizeThreadChange(deps.prisma, viewer, id);
  const data = await storedFields(deps.prisma, input, current.categoryId);
  try {
    // Members newly mentioned by the edit are told (the event's keys skip those told before).
    const thread = await deps.prisma.$transaction(async (tx) => {
      const updated = await tx.thread.update({ where: { id, ...visibleThreadWhere }, data, select: { id: true, slug: true } });
      await queueNotificationEvent(tx, { kind: "thread", ids: { threadId: id } });
      return updated;
    });
    await listsChanged(deps);
    return thread;
  } catch (error) {
    if (isMissingRow(error)) throw threadNotFound();
    throw error;
  }
}

/**
 * Soft-deletes a thread as the viewer and, in the same transaction, records the durable job that
 * hides its replies and reactions in MongoDB: both happen, or neither, whatever crashes in
 * between. NotFoundError when it is missing or already deleted (also meanwhile).
 */
export async function deleteThread(deps: ThreadWriteDeps, viewer: Viewer, id: number): Promise<{ id: number }> {
  await authorizeThreadChange(deps.prisma, viewer, id);
  const deleted = await deps.prisma.$transaction(async (tx) => {
    const { count } = await tx.thread.updateMany({
      where: { id, isDeleted: false },
      data: { isDeleted: true, deletedAt: new Date() },
    });
    if (count === 0) return false;
    await enqueueJob(tx, HIDE_THREAD_ACTIVITY_TASK, { threadId: id }, { jobKey: hideActivityJobKey(id) });
    return true;
  });
  if (!deleted) throw threadNotFound();
  await listsChanged(deps);
  return { id };
}

/** A thread as moderation reviews it: whatever its state, with its author. Null when it never existed. */
export async function findThreadForModeration(prisma: Prisma, id: number) {
  const thread = await prisma.thread.findUnique({
    where: { id },
    select: {
      id: true,
      title: true,
      slug: true,
      summary: true,
      contentText: true,
      createdAt: true,
      isDeleted: true,
      hiddenAt: true,
      hiddenBy: true,
      hiddenWithAuthor: true,
      author: { select: { id: true, username: true } },
    },
  });
  if (!thread) return null;
  const { contentText, ...rest } = thread;
  // Enough of the text to judge a report; the whole thread is one click away.
  return { ...rest, excerpt: contentText.slice(0, 2000) };
}

export type ModeratedThread = NonNullable<Awaited<ReturnType<typeof findThreadForModeration>>>;

/**
 * Hides a thread as a moderator (`adminId`) or shows it again (null), on the client or inside the
 * caller's transaction (which logs the action there). Answers whether it changed: false when it
 * was already so, or is deleted. The caller drops the forum cache once committed.
 */
export async function setThreadHiddenByModerator(db: Pick<Prisma, "thread">, id: number, adminId: number | null): Promise<boolean> {
  const { count } = await db.thread.updateMany({
    where: { id, isDeleted: false, hiddenAt: adminId === null ? { not: null } : null },
    data: adminId === null ? { hiddenAt: null, hiddenBy: null } : { hiddenAt: new Date(), hiddenBy: adminId },
  });
  return count > 0;
}

/**
 * Hides (or shows again) every thread of an author as part of "all of this member's content"
 * (moderation's member content job). Idempotent; threads hidden by a moderator stay hidden
 * either way (hiddenAt is a reason of its own). Answers how many changed.
 */
export async function setAuthorThreadsHidden(prisma: Prisma, authorId: number, hidden: boolean): Promise<number> {
  const { count } = await prisma.thread.updateMany({
    where: { authorId, hiddenWithAuthor: !hidden },
    data: { hiddenWithAuthor: hidden },
  });
  return count;
}

/** Which of these threads are deleted (replies of a deleted thread stay hidden whatever else changes). */
export async function deletedThreadIds(prisma: Prisma, ids: number[]): Promise<Set<number>> {
  const rows = await prisma.thread.findMany({ where: { id: { in: ids }, isDeleted: true }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}

/** A thread as notifications read it: its author, text and whether it is visible now. Null when it never existed. */
export async function findThreadForNotification(prisma: Prisma, id: number) {
  const thread = await prisma.thread.findUnique({
    where: { id },
    select: { id: true, title: true, slug: true, authorId: true, categoryId: true, contentText: true, createdAt: true, isDeleted: true, hiddenAt: true, hiddenWithAuthor: true },
  });
  if (!thread) return null;
  const { isDeleted, hiddenAt, hiddenWithAuthor, ...rest } = thread;
  return { ...rest, isVisible: !isDeleted && hiddenAt === null && !hiddenWithAuthor };
}
