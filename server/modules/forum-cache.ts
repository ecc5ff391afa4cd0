import type { Cache } from "../platform/cache.ts";

/**
 * The cached forum reads, and the anonymous pages built from them (server/http/page-cache.ts,
 * which serves a stored page only under the generation it was rendered in): the category list (with counts and last activity), first pages of
 * thread lists, threads by id and the first page of each thread's replies. Any write that can
 * change one of them (thread created, edited or deleted, reply added, edited or removed)
 * invalidates them all before it answers, reaction counts, profile changes and moderation's
 * jobs included (a page shows them); they are cheap to rebuild, and the short TTL bounds what
 * no write announces (relative times such as "5 menit lalu").
 */
const NAMESPACE = "forum-reads";
const TTL_SECONDS = 60;

export function cachedForumRead<T>(cache: Cache, key: string, load: () => Promise<T>): Promise<T> {
  return cache.remember(NAMESPACE, key, TTL_SECONDS, load);
}

export function invalidateForumReads(cache: Cache): Promise<void> {
  return cache.invalidate(NAMESPACE);
}

/** The generation every forum read and anonymous page is stored under; rejects when unknown (Redis down). */
export function forumReadsGeneration(cache: Cache): Promise<string> {
  return cache.generation(NAMESPACE);
}
