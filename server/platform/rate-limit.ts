import { randomBytes } from "node:crypto";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { RateLimitedError } from "./errors.ts";
import type { Redis } from "./redis.ts";

/** At most `points` attempts per `durationSeconds` window and key. */
export interface RateLimitRule {
  points: number;
  durationSeconds: number;
}

/** A key's window after an attempt was counted. */
export interface RateLimitState {
  /** Attempts left in this window. */
  remaining: number;
  /** Milliseconds until the window starts afresh. */
  msBeforeReset: number;
}

export interface RateLimiter {
  /** Counts one attempt for `key`; throws RateLimitedError (platform/errors.ts) when its window is used up. */
  consume(key: string): Promise<RateLimitState>;
  /** Gives back one attempt counted for `key` (an attempt that turned out not to count). */
  refund(key: string): Promise<void>;
}

/**
 * Keys live under one prefix: fixed in a real deployment (every server shares the counts in
 * Redis), unique per process in tests so test files running at once never share counters.
 */
export function rateLimitKeyPrefix(nodeEnv: string): string {
  return nodeEnv === "test" ? `aleph:rl:test:${process.pid}:${randomBytes(4).toString("hex")}` : "aleph:rl";
}

/**
 * A limiter from rate-limiter-flexible: counted in Redis when there is one (with an in-memory
 * stand-in while Redis is unreachable, so an outage neither blocks nor unthrottles logins),
 * in process memory otherwise.
 */
export function createRateLimiter(name: string, rule: RateLimitRule, options: { redis: Redis | null; keyPrefix: string }): RateLimiter {
  const settings = { keyPrefix: `${options.keyPrefix}:${name}`, points: rule.points, duration: rule.durationSeconds };
  const memory = new RateLimiterMemory(settings);
  const limiter = options.redis
    ? new RateLimiterRedis({ ...settings, storeClient: options.redis, insuranceLimiter: memory })
    : memory;
  return {
    async consume(key) {
      try {
        const counted = await limiter.consume(key);
        return { remaining: counted.remainingPoints, msBeforeReset: counted.msBeforeNext };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
        }
        throw rejection;
      }
    },
    async refund(key) {
      await limiter.reward(key, 1);
    },
  };
}
