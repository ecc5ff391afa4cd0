import type { Cache } from "../platform/cache.ts";

/**
 * The cached forum reads: the category list (with counts and last activity), first pages of
 * thread lists, threads by id and the first page of each thread's replies. Any write that can
 * change one of them (thread created, edited or deleted, reply added, edited or removed)
 * invalidates them all; they are cheap to rebuild, and the short TTL bounds what no write
 * announces (a newly awarded primary badge, replies hidden by moderation).
 */
const NAMESPACE = "forum-reads";
const TTL_SECONDS = 60;

export function cachedForumRead<T>(cache: Cache, key: string, load: () => Promise<T>): Promise<T> {
  return cache.remember(NAMESPACE, key, TTL_SECONDS, load);
}

export function invalidateForumReads(cache: Cache): Promise<void> {
  return cache.invalidate(NAMESPACE);
}
