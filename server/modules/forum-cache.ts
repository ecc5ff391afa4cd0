import { cacheFor } from "../platform/cache.ts";
import type { Redis } from "../platform/redis.ts";

/**
 * The cached forum reads: the category list (with counts and last activity) and first pages of
 * thread lists. Any write that can change one of them (thread created, edited or deleted, reply
 * added or removed) invalidates them all; they are cheap to rebuild and a short TTL bounds any
 * surprise.
 */
const NAMESPACE = "forum-lists";
const TTL_SECONDS = 60;

export function cachedForumList<T>(redis: Redis | null, key: string, load: () => Promise<T>): Promise<T> {
  return cacheFor(redis).remember(NAMESPACE, key, TTL_SECONDS, load);
}

export function invalidateForumLists(redis: Redis | null): Promise<void> {
  return cacheFor(redis).invalidate(NAMESPACE);
}
