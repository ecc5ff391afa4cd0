import type { Prisma } from "../../platform/db/postgres.ts";
import { RateLimitedError } from "../../platform/errors.ts";
import { createRateLimiter, type RateLimitRule } from "../../platform/rate-limit.ts";
import type { Redis } from "../../platform/redis.ts";
import { recordSecurityEvent, type SecurityEventInput, type SecurityEventType } from "./service.ts";

/*
 * A security event caused by an anonymous request (a forged payment notification, ...) must not
 * let anyone write one row per request: a flood would fill security_events and bury the real
 * ones. Rows are kept per source address and event type (a few show what happened) and, since
 * addresses are cheap, overall per event type; past either limit the event is only counted.
 */
export const SECURITY_EVENT_LIMITS = {
  /** Rows per source address and event type. */
  perSource: { points: 10, durationSeconds: 10 * 60 },
  /** Rows per event type from all sources together. */
  overall: { points: 100, durationSeconds: 60 * 60 },
} as const satisfies Record<string, RateLimitRule>;

export interface SecurityEventThrottle {
  /** Whether one more row of `eventType` from `source` may be written now (counts it). */
  allow(eventType: SecurityEventType, source: string | null): Promise<boolean>;
}

export function createSecurityEventThrottle(options: {
  redis: Redis | null;
  keyPrefix: string;
  limits?: { perSource: RateLimitRule; overall: RateLimitRule };
}): SecurityEventThrottle {
  const limits = options.limits ?? SECURITY_EVENT_LIMITS;
  const store = { redis: options.redis, keyPrefix: options.keyPrefix };
  const perSource = createRateLimiter("security-event:source", limits.perSource, store);
  const overall = createRateLimiter("security-event:all", limits.overall, store);
  const consumed = async (limiter: typeof perSource, key: string) => {
    try {
      await limiter.consume(key);
      return true;
    } catch (error) {
      if (error instanceof RateLimitedError) return false;
      throw error;
    }
  };
  return {
    async allow(eventType, source) {
      return (await consumed(perSource, `${eventType}:${source ?? "unknown"}`)) && (await consumed(overall, eventType));
    },
  };
}

/** Records the event unless its throttle says enough were written; returns whether a row was written. */
export async function recordThrottledSecurityEvent(
  prisma: Prisma,
  throttle: SecurityEventThrottle,
  event: SecurityEventInput,
): Promise<boolean> {
  if (!(await throttle.allow(event.eventType, event.ipAddress ?? null))) return false;
  await recordSecurityEvent(prisma, event);
  return true;
}
