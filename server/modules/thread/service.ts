import { z } from "zod";
import { Prisma as PrismaNamespace } from "../../platform/db/generated/client.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { toPage, type Page } from "../pagination.ts";

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
  id: z.number().int().positive(),
});
export type ThreadCursor = z.output<typeof threadCursorPosition>;

export interface ThreadListInput {
  categorySlug?: string;
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
  author: { id: number; username: string };
  replyCount: number;
  createdAt: Date;
  lastActivityAt: Date;
}

// Fixed identifiers, never user input: safe to splice into the SQL.
const sortColumns: Record<ThreadSort, string> = {
  newest: "created_at",
  active: "last_activity_at",
};

interface ThreadListRow {
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
  sort_us: bigint;
}

/**
 * Visible threads, newest or most recently active first, one keyset page at a time. Raw SQL
 * because the keyset compares (column, id) at PostgreSQL's microsecond precision.
 */
export async function listThreads(prisma: Prisma, input: ThreadListInput): Promise<Page<ThreadListItem>> {
  const column = raw(`t.${sortColumns[input.sort]}`);
  const inCategory = input.categorySlug ? sql`AND c.slug = ${input.categorySlug}` : empty;
  const afterCursor = input.cursor
    ? sql`AND (${column}, t.id) < (timestamptz 'epoch' + ${input.cursor.at}::float8 * interval '1 microsecond', ${input.cursor.id})`
    : empty;
  const rows = await prisma.$queryRaw<ThreadListRow[]>`
    SELECT t.id, t.title, t.slug, t.summary, t.reply_count, t.created_at, t.last_activity_at,
           c.slug AS category_slug, c.name AS category_name, c.color AS category_color,
           u.id AS author_id, u.username::text AS author_username,
           (extract(epoch FROM ${column}) * 1000000)::bigint AS sort_us
      FROM threads t
      JOIN categories c ON c.id = t.category_id
      JOIN users u ON u.id = t.author_id
     WHERE NOT t.is_deleted ${inCategory} ${afterCursor}
     ORDER BY ${column} DESC, t.id DESC
     LIMIT ${input.limit + 1}`;
  return toPage(
    rows,
    input.limit,
    (row): ThreadListItem => ({
      id: row.id,
      title: row.title,
      slug: row.slug,
      summary: row.summary,
      category: { slug: row.category_slug, name: row.category_name, color: row.category_color },
      author: { id: row.author_id, username: row.author_username },
      replyCount: row.reply_count,
      createdAt: row.created_at,
      lastActivityAt: row.last_activity_at,
    }),
    (row): ThreadCursor => ({ at: Number(row.sort_us), id: row.id }),
  );
}

/** A visible thread with everything its page shows, or null when missing or deleted. */
export async function findThread(prisma: Prisma, id: number) {
  return prisma.thread.findFirst({
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
      author: { select: { id: true, username: true, avatarUrl: true } },
    },
  });
}

export type ThreadDetail = NonNullable<Awaited<ReturnType<typeof findThread>>>;

/** Whether a thread exists and is not deleted: its replies and reactions are shown only then. */
export async function isThreadVisible(prisma: Prisma, id: number): Promise<boolean> {
  const count = await prisma.thread.count({ where: { id, isDeleted: false } });
  return count > 0;
}
