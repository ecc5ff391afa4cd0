import type { Env } from "./env.ts";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";
import type { Prisma } from "./db/postgres.ts";
import type { Redis } from "./redis.ts";

/**
 * The long-lived pieces one server process (or one test) is built from. Created once by
 * server/main.ts and handed to every request's tRPC context; tests build their own.
 */
export interface Platform {
  env: Env;
  logger: Logger;
  metrics: Metrics;
  prisma: Prisma;
  /** Null when REDIS_URL is empty: caches and rate limits then live in memory. */
  redis: Redis | null;
}
