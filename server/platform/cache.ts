import { randomBytes } from "node:crypto";
import { LRUCache } from "lru-cache";
import superjson from "superjson";
import type { Redis } from "./redis.ts";

/**
 * A read-through cache for hot reads (category list, first pages of thread lists): Redis when
 * configured, so every server process sees one invalidation, otherwise process memory.
 *
 * Invalidation is by namespace generation: each key carries its namespace's current generation,
 * and `invalidate(namespace)` moves the generation on, so every key of the old one is never read
 * again (and expires by its TTL) without scanning for keys.
 */
export interface Cache {
  remember<T>(namespace: string, key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T>;
  invalidate(namespace: string): Promise<void>;
  /**
   * The namespace's current generation, for a store of derived values kept elsewhere (the page
   * cache) that must follow its invalidations. Rejects when it cannot be known (Redis down).
   */
  generation(namespace: string): Promise<string>;
}

// Per process in tests (like rateLimitKeyPrefix): test files share one Redis but each has its own
// databases, so thread 3 of one file must never be read from another file's cache. Several
// server processes on the same databases (the e2e's second server) share one TEST_REDIS_SCOPE,
// as production processes share "cache:".
const KEY_PREFIX =
  process.env.NODE_ENV === "test"
    ? `cache:test:${process.env.TEST_REDIS_SCOPE || `${process.pid}:${randomBytes(4).toString("hex")}`}:`
    : "cache:";

function redisCache(redis: Redis): Cache {
  const generationKey = (namespace: string) => `${KEY_PREFIX}${namespace}:generation`;
  return {
    async remember(namespace, key, ttlSeconds, load) {
      // A cache that cannot answer must never fail the read it speeds up.
      let fullKey: string | null = null;
      try {
        const generation = (await redis.get(generationKey(namespace))) ?? "0";
        fullKey = `${KEY_PREFIX}${namespace}:${generation}:${key}`;
        const hit = await redis.get(fullKey);
        if (hit !== null) return superjson.parse(hit);
      } catch {
        fullKey = null;
      }
      const value = await load();
      if (fullKey) await redis.set(fullKey, superjson.stringify(value), "EX", ttlSeconds).catch(() => {});
      return value;
    },
    async invalidate(namespace) {
      // Redis down: nothing can be read from it either, so there is nothing stale to drop.
      await redis.incr(generationKey(namespace)).catch(() => {});
    },
    async generation(namespace) {
      return (await redis.get(generationKey(namespace))) ?? "0";
    },
  };
}

function memoryCache(): Cache {
  const entries = new LRUCache<string, { value: unknown }>({ max: 1_000, ttlAutopurge: false });
  const generations = new Map<string, number>();
  return {
    async remember<T>(namespace: string, key: string, ttlSeconds: number, load: () => Promise<T>) {
      const fullKey = `${namespace}:${generations.get(namespace) ?? 0}:${key}`;
      const hit = entries.get(fullKey);
      if (hit) return hit.value as T;
      const generation = generations.get(namespace) ?? 0;
      const value = await load();
      // Loaded while an invalidation happened: the value may be stale, so it is not kept.
      if ((generations.get(namespace) ?? 0) === generation) entries.set(fullKey, { value }, { ttl: ttlSeconds * 1000 });
      return value;
    },
    async invalidate(namespace) {
      generations.set(namespace, (generations.get(namespace) ?? 0) + 1);
    },
    async generation(namespace) {
      return String(generations.get(namespace) ?? 0);
    },
  };
}

/** The cache on `redis`, or in this process's memory when null. Built once per platform (createPlatform). */
export function createCache(redis: Redis | null): Cache {
  return redis ? redisCache(redis) : memoryCache();
}
