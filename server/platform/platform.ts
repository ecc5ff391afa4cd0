import { createCache, type Cache } from "./cache.ts";
import { createCaptcha, type Captcha } from "./captcha.ts";
import type { Env } from "./env.ts";
import { createLiveBus, liveKeyPrefix, type LiveBus } from "./live.ts";
import type { Logger } from "./logger.ts";
import { createMailer, type Mailer } from "./mailer.ts";
import type { Metrics } from "./metrics.ts";
import type { Prisma } from "./db/postgres.ts";
import { publicOriginString, type HeaderSource } from "./public-origin.ts";
import { createPush, type PushSender } from "./push.ts";
import { createRateLimiter, rateLimitKeyPrefix, type RateLimiter, type RateLimitRule } from "./rate-limit.ts";
import type { Redis } from "./redis.ts";
import { createStorage, type Storage } from "./storage.ts";

/** The connections one server process (or one test) starts with: what createPlatform builds on. */
export interface PlatformConnections {
  env: Env;
  logger: Logger;
  metrics: Metrics;
  prisma: Prisma;
  /** Null when REDIS_URL is empty: caches and rate limits then live in memory. */
  redis: Redis | null;
}

/** Where rate-limit counters (and spent CAPTCHA solutions) are kept: Redis or memory, under one prefix. */
export interface RateLimitStore {
  redis: Redis | null;
  keyPrefix: string;
}

/**
 * The long-lived pieces one server process (or one test) is built from, each built exactly once
 * by createPlatform: server/main.ts makes one at start, each test its own. Module singletons
 * (Lucia, the request guard, the AI provider, ...) are built on it by createAppServices
 * (server/app-services.ts); a request reaches both through its tRPC context.
 */
export interface Platform extends PlatformConnections {
  /** The read-through cache of hot reads (Redis, or this process's memory). */
  cache: Cache;
  mailer: Mailer;
  captcha: Captcha;
  /** Where uploaded documents' bytes are kept (STORAGE: the disk or an S3-compatible server). */
  storage: Storage;
  /** Web Push with this server's VAPID keys (VAPID_*, or the pair kept in the data folder). */
  push: PushSender;
  rateLimitStore: RateLimitStore;
  /** Live updates (server/platform/live.ts): Redis pub/sub across processes, or this process's memory. */
  live: LiveBus;
  /** A limiter on this platform's store (rate-limiter-flexible), for `rule` under `name`. */
  rateLimiter(name: string, rule: RateLimitRule): RateLimiter;
  /**
   * The site's public origin (no trailing slash) by the one trust rule of public-origin.ts: APP_URL,
   * or outside production a loopback host the request names. Every absolute URL is built from it.
   */
  publicOriginOf(headers?: HeaderSource | null): string;
}

export function createPlatform(connections: PlatformConnections): Platform {
  const { env, logger, redis } = connections;
  const rateLimitStore: RateLimitStore = { redis, keyPrefix: rateLimitKeyPrefix(env.NODE_ENV) };
  return {
    ...connections,
    cache: createCache(redis),
    mailer: createMailer(env, logger),
    captcha: createCaptcha(env, rateLimitStore),
    storage: createStorage(env),
    push: createPush(env, logger),
    rateLimitStore,
    live: createLiveBus(redis, { keyPrefix: liveKeyPrefix(env.NODE_ENV), logger }),
    rateLimiter: (name, rule) => createRateLimiter(name, rule, rateLimitStore),
    publicOriginOf: (headers) => publicOriginString(env, headers),
  };
}
