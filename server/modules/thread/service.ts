import { z } from "zod";
import { Prisma as PrismaNamespace } from "../../platform/db/generated/client.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { enqueueJob } from "../../platform/jobs.ts";
import { trimEndOf, trimOf } from "../../platform/text.ts";
import { toPage, type Page } from "../pagination.ts";
import { rowId } from "../schemas.ts";
import type { BadgeChip } from "../profile/service.ts";
import { contentTextOf } from "./content-text.ts";
import type { ThreadDocument } from "./document-schema.ts";
import { HIDE_THREAD_ACTIVITY_TASK, hideActivityJobKey } from "./hide-activity.ts";

const { sql, raw, empty } = PrismaNamespace;

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
  author_badge: BadgeChip | null;
}

/** The category, author and primary-badge columns of a list row (categories as c, users as u). */
export const threadListJoinColumns = sql`
  c.slug AS category_slug, c.name AS category_name, c.color AS category_color,
  u.id AS author_id, u.username::text AS author_username,
  (SELECT json_build_object('name', b.name, 'color', b.color)
     FROM user_badges ub JOIN badges b ON b.id = ub.badge_id
    WHERE ub.user_id = u.id AND ub.is_primary
    ORDER BY ub.awarded_at LIMIT 1) AS author_badge`;

export function threadListItemOf(row: ThreadListRow): ThreadListItem {
  return {
    id: row.id,
    title: row.title,
    slug: row.slug,
    summary: row.summary,
    category: { slug: row.category_slug, name: row.category_name, color: row.category_color },
    author: { id: row.author_id, username: row.author_username, primaryBadge: row.author_badge },
    replyCount: row.reply_count,
    createdAt: row.created_at,
    lastActivityAt: row.last_activity_at,
  };
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
     WHERE NOT t.is_deleted ${inCategory} ${byAuthor} ${afterCursor}
     ORDER BY ${column} DESC, t.id DESC
     LIMIT ${input.limit + 1}`;
  return toPage(
    rows,
    input.limit,
    threadListItemOf,
    (row): ThreadCursor => ({ at: Number(row.sort_us), id: row.id }),
  );
}

/** A visible thread with everything its page shows, or null when missing or deleted. */
export async function findThread(prisma: Prisma, id: number) {
  const thread = await prisma.thread.findFirst({
    where: { id, isDeleted: false },
    select: {
      id: true,
      title: true,
      slug: true,
      summary: true,
      contentJson: true,
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
          badges: { where: { isPrimary: true }, select: { badge: { select: { name: true, color: true } } }, take: 1 },
        },
      },
    },
  });
  if (!thread) return null;
  const { badges, ...author } = thread.author;
  return { ...thread, author: { ...author, primaryBadge: badges[0]?.badge ?? null } };
}

export type ThreadDetail = NonNullable<Awaited<ReturnType<typeof findThread>>>;

/** Whether a thread exists and is not deleted: its replies and reactions are shown only then. */
export async function isThreadVisible(prisma: Prisma, id: number): Promise<boolean> {
  const count = await prisma.thread.count({ where: { id, isDeleted: false } });
  return count > 0;
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

export interface ThreadWriteInput {
  title: string;
  summary: string;
  categoryId: number;
  contentJson: ThreadDocument;
}

export interface ThreadWriteDeps {
  prisma: Prisma;
  /** Called after every change that alters thread lists or category counts. */
  onListsChanged(): Promise<void>;
}

/** The fields a thread write stores: content_text always follows content_json (search reads it). */
function storedFields(input: ThreadWriteInput) {
  return {
    title: input.title,
    slug: slugOf(input.title),
    summary: input.summary,
    categoryId: input.categoryId,
    contentJson: input.contentJson as object,
    contentText: contentTextOf(input.contentJson),
  };
}

export async function createThread(deps: ThreadWriteDeps, authorId: number, input: ThreadWriteInput) {
  const thread = await deps.prisma.thread.create({
    data: { ...storedFields(input), authorId },
    select: { id: true, slug: true },
  });
  await deps.onListsChanged();
  return thread;
}

/**
 * Who may change a thread: its author, or an admin. Answers the visible thread's author id, or
 * null when the thread is missing or deleted.
 */
export async function threadAuthorOf(prisma: Prisma, id: number): Promise<number | null> {
  const thread = await prisma.thread.findFirst({ where: { id, isDeleted: false }, select: { authorId: true } });
  return thread?.authorId ?? null;
}

/** Prisma's "no row matched" (here: the thread was deleted meanwhile). */
function isMissingRow(error: unknown): boolean {
  return error instanceof PrismaNamespace.PrismaClientKnownRequestError && error.code === "P2025";
}

/** Null when the thread is missing or deleted. */
export async function updateThread(deps: ThreadWriteDeps, id: number, input: ThreadWriteInput) {
  try {
    const thread = await deps.prisma.thread.update({
      where: { id, isDeleted: false },
      data: storedFields(input),
      select: { id: true, slug: true },
    });
    await deps.onListsChanged();
    return thread;
  } catch (error) {
    if (isMissingRow(error)) return null;
    throw error;
  }
}

/**
 * Soft-deletes a thread and, in the same transaction, records the durable job that hides its
 * replies and reactions in MongoDB: both happen, or neither, whatever crashes in between.
 */
export async function deleteThread(deps: ThreadWriteDeps, id: number): Promise<boolean> {
  const deleted = await deps.prisma.$transaction(async (tx) => {
    const { count } = await tx.thread.updateMany({
      where: { id, isDeleted: false },
      data: { isDeleted: true, deletedAt: new Date() },
    });
    if (count === 0) return false;
    await enqueueJob(tx, HIDE_THREAD_ACTIVITY_TASK, { threadId: id }, { jobKey: hideActivityJobKey(id) });
    return true;
  });
  if (deleted) await deps.onListsChanged();
  return deleted;
}
