import { z } from "zod";
import { Prisma as PrismaNamespace } from "../../platform/db/generated/client.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { toPage, type Page } from "../pagination.ts";
import { HIGHLIGHT_END, HIGHLIGHT_START } from "../../../shared/search-marks.ts";
import { threadListItemOf, threadListJoinColumns, visibleThreadSql, withAuthorBadges, type ThreadListItem, type ThreadListRow } from "./service.ts";

const { sql, empty } = PrismaNamespace;

/** Where a page of search results ends: results are ranked, so the position is an offset. */
export const searchCursorPosition = z.object({ offset: z.number().int().min(1).max(1_000) });
export type SearchCursor = z.output<typeof searchCursorPosition>;

export interface ThreadSearchInput {
  query: string;
  categorySlug?: string;
  cursor?: SearchCursor;
  limit: number;
}

export interface ThreadSearchHit extends ThreadListItem {
  /** Highlighted excerpts: matched words between HIGHLIGHT_START and HIGHLIGHT_END. */
  titleHighlight: string;
  snippet: string;
  rank: number;
}

interface SearchRow extends ThreadListRow {
  rank: number;
  title_highlight: string;
  snippet: string;
}

/**
 * Full-text search over titles, summaries and content, best match first. The query is parsed
 * like a web search box (quotes, `or`, `-word`) in the same three configurations that build
 * threads.search_vector (simple for exact words, indonesian and english for stems), OR-ed, so
 * "deploy", "deployment" and "men-deploy" style queries all find their threads.
 */
export async function searchThreads(prisma: Prisma, input: ThreadSearchInput): Promise<Page<ThreadSearchHit>> {
  const offset = input.cursor?.offset ?? 0;
  const inCategory = input.categorySlug ? sql`AND c.slug = ${input.categorySlug}` : empty;
  const marks = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}`;
  const snippetOptions = `${marks}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;
  const rows = await prisma.$queryRaw<SearchRow[]>`
    WITH q AS (
      SELECT websearch_to_tsquery('simple', ${input.query})
          || websearch_to_tsquery('indonesian', ${input.query})
          || websearch_to_tsquery('english', ${input.query}) AS query
    ), hits AS (
      SELECT t.*, ts_rank(t.search_vector, q.query) AS rank, q.query
        FROM threads t, q
       WHERE ${visibleThreadSql} AND t.search_vector @@ q.query
    )
    SELECT t.id, t.title, t.slug, t.summary, t.reply_count, t.created_at, t.last_activity_at,
           ${threadListJoinColumns},
           t.rank::float8 AS rank,
           ts_headline('simple', t.title, t.query, ${`${marks}, HighlightAll=true`}) AS title_highlight,
           ts_headline('simple', t.content_text, t.query, ${snippetOptions}) AS snippet
      FROM hits t
      JOIN categories c ON c.id = t.category_id
      JOIN users u ON u.id = t.author_id
     WHERE true ${inCategory}
     ORDER BY t.rank DESC, t.id DESC
     LIMIT ${input.limit + 1} OFFSET ${offset}`;
  const page = toPage(
    rows,
    input.limit,
    (row): ThreadSearchHit => ({
      ...threadListItemOf(row),
      rank: row.rank,
      titleHighlight: row.title_highlight,
      snippet: row.snippet,
    }),
    // The offset after the last row of this page.
    (): SearchCursor => ({ offset: offset + input.limit }),
  );
  return withAuthorBadges(prisma, page);
}
