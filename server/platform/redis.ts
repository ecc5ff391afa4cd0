import { Redis } from "ioredis";

/** The Redis client for caches and rate limits, or null when REDIS_URL is empty (memory). */
export function createRedis(url: string): Redis | null {
  if (!url) return null;
  const redis = new Redis(url, {
    // Fail fast while Redis is down instead of queueing requests behind it.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: false,
  });
  // Connection errors are retried by ioredis; each command reports its own failure.
  redis.on("error", () => {});
  return redis;
}

export type { Redis };
