import { Redis } from "ioredis";

const COMMAND_TIMEOUT_MS = 1_000;

/** The Redis client for caches and rate limits, or null when REDIS_URL is empty (memory). */
export function createRedis(url: string): Redis | null {
  if (!url) return null;
  const redis = new Redis(url, {
    // Fail fast while Redis is down instead of queueing requests behind it.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: false,
    // A Redis that stops answering without closing the connection (a network partition) must
    // not hold requests: the cache and rate limits then fall back to memory after this.
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 2_000,
  });
  // Connection errors are retried by ioredis; each command reports its own failure.
  redis.on("error", () => {});
  return redis;
}

export type { Redis };
