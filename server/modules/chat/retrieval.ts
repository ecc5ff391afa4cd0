import { eng, ind, removeStopwords } from "stopword";
import type { Prisma } from "../../platform/db/postgres.ts";
import { visibleThreadSql } from "../thread/service.ts";

export interface RetrievedThread {
  id: number;
  title: string;
  slug: string;
  summary: string;
  /** A passage of the thread around the words of the question. */
  excerpt: string;
  url: string;
}

export function threadUrl(thread: { id: number; slug: string }): string {
  return `/t/${thread.id}/${thread.slug}`;
}

/** Threads weaker than this share of the best match are noise, not context. */
const RELATIVE_RANK_CUTOFF = 0.25;

/**
 * The question's meaningful words (Indonesian and English stopwords dropped), for a full-text
 * query where any of them may match: a question is not a list of required keywords.
 */
export function searchTerms(question: string): string[] {
  const words = question.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  return [...new Set(removeStopwords(words, [...ind, ...eng]))].filter((word) => word.length >= 2).slice(0, 24);
}

/**
 * The visible threads that best match a question, by the threads' full-text index
 * (`search_vector`: exact words plus Indonesian and English stems, title weighted highest).
 */
export async function findRelevantThreads(prisma: Prisma, question: string, limit = 3): Promise<RetrievedThread[]> {
  const terms = searchTerms(question);
  if (terms.length === 0) return [];
  // websearch_to_tsquery never fails on user text; "or" joins the words as alternatives.
  const text = terms.join(" or ");
  const rows = await prisma.$queryRaw<
    { id: number; title: string; slug: string; summary: string; excerpt: string; rank: number }[]
  >`
    WITH q AS (
      SELECT websearch_to_tsquery('simple', ${text})
          || websearch_to_tsquery('indonesian', ${text})
          || websearch_to_tsquery('english', ${text}) AS query
    )
    SELECT t.id, t.title, t.slug, t.summary,
           ts_headline('simple', t.content_text, q.query,
                       'MaxWords=40, MinWords=15, MaxFragments=1, StartSel="", StopSel=""') AS excerpt,
           ts_rank_cd(t.search_vector, q.query)::float8 AS rank
      FROM threads t, q
     WHERE ${visibleThreadSql} AND t.search_vector @@ q.query
     ORDER BY rank DESC, t.last_activity_at DESC
     LIMIT ${limit}`;
  const best = rows[0]?.rank ?? 0;
  return rows
    .filter((row) => row.rank >= best * RELATIVE_RANK_CUTOFF)
    .map((row) => ({
      id: row.id,
      title: row.title,
      slug: row.slug,
      summary: row.summary,
      excerpt: row.excerpt.replace(/\s+/g, " ").trim(),
      url: threadUrl(row),
    }));
}
