import { RateLimitedError, waitText } from "../../platform/errors.ts";
import type { Platform } from "../../platform/platform.ts";
import type { RateLimiter } from "../../platform/rate-limit.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/*
 * How much each personal access token is used: its rate limit (rate-limiter-flexible, in Redis when
 * there is one) and a tally of its requests per hour for the token list. Neither writes
 * PostgreSQL: a token's request costs two Redis round trips (the limiter, one INCR+EXPIRE).
 */

const HOUR_MS = 3_600_000;
/** Hourly buckets summed for "calls in the last 24 hours": this hour and the 23 before it. */
const BUCKETS = 24;
/** A bucket outlives the day it is counted in by an hour, then Redis drops it. */
const BUCKET_TTL_SECONDS = (BUCKETS + 1) * 3600;

/** A token's rate-limit window after one of its requests: what the RateLimit-* headers say. */
export interface TokenRateState {
  limit: number;
  /** The window's length in seconds. */
  windowSeconds: number;
  remaining: number;
  /** Seconds until the window starts afresh. */
  resetSeconds: number;
  /** Set when this request is over the limit (remaining 0): the request is refused with it. */
  refusal: RateLimitedError | null;
}

export interface AccessTokenUsage {
  /**
   * Counts one request of the token: its rate limit (null while RATE_LIMIT_ENABLED=false) and its
   * hourly tally. Every authenticated request is tallied, refused ones too.
   */
  count(tokenId: number, now?: Date): Promise<TokenRateState | null>;
  /** Requests of each token in the last 24 hours (by hourly buckets); null while Redis cannot answer. */
  callsInLastDay(tokenIds: readonly number[], now?: Date): Promise<Map<number, number> | null>;
}

const hourOf = (now: Date) => Math.floor(now.getTime() / HOUR_MS);

/** Built once per server (server/app-services.ts), reached as `ctx.accessTokenUsage`. */
export function createAccessTokenUsage(platform: Pick<Platform, "env" | "redis" | "rateLimiter" | "rateLimitStore">): AccessTokenUsage {
  const { env, redis } = platform;
  const rule = { points: env.ACCESS_TOKEN_RATE_LIMIT, durationSeconds: env.ACCESS_TOKEN_RATE_WINDOW_SECONDS };
  const limiter: RateLimiter = platform.rateLimiter("access-token", rule);
  const prefix = `${platform.rateLimitStore.keyPrefix}:pat-calls`;
  const bucketKey = (tokenId: number, hour: number) => `${prefix}:${tokenId}:${hour}`;
  // Without Redis (development, one process): the same buckets in memory.
  const memory = new Map<string, number>();

  async function tally(tokenId: number, hour: number) {
    const key = bucketKey(tokenId, hour);
    if (!redis) {
      memory.set(key, (memory.get(key) ?? 0) + 1);
      memory.delete(bucketKey(tokenId, hour - BUCKETS));
      return;
    }
    try {
      await redis.multi().incr(key).expire(key, BUCKET_TTL_SECONDS).exec();
    } catch {
      // The tally is for the owner's eyes: a Redis outage loses counts, never the request.
    }
  }

  async function limit(tokenId: number): Promise<TokenRateState | null> {
    if (!env.RATE_LIMIT_ENABLED) return null;
    try {
      const state = await limiter.consume(String(tokenId));
      return { limit: rule.points, windowSeconds: rule.durationSeconds, remaining: state.remaining, resetSeconds: Math.ceil(state.msBeforeReset / 1000), refusal: null };
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      const wait = error.retryAfterSeconds;
      return {
        limit: rule.points,
        windowSeconds: rule.durationSeconds,
        remaining: 0,
        resetSeconds: wait,
        refusal: new RateLimitedError(wait, m.error_accessToken_rateLimited({ points: rule.points, wait: waitText(wait) })),
      };
    }
  }

  return {
    async count(tokenId, now = new Date()) {
      const [state] = await Promise.all([limit(tokenId), tally(tokenId, hourOf(now))]);
      return state;
    },
    async callsInLastDay(tokenIds, now = new Date()) {
      const counts = new Map<number, number>();
      if (tokenIds.length === 0) return counts;
      const hour = hourOf(now);
      const keys = tokenIds.flatMap((id) => Array.from({ length: BUCKETS }, (_, back) => bucketKey(id, hour - back)));
      let values: (string | number | null | undefined)[];
      if (redis) {
        try {
          values = await redis.mget(keys);
        } catch {
          return null;
        }
      } else {
        values = keys.map((key) => memory.get(key));
      }
      tokenIds.forEach((id, index) => {
        const slice = values.slice(index * BUCKETS, (index + 1) * BUCKETS);
        counts.set(id, slice.reduce<number>((sum, value) => sum + Number(value ?? 0), 0));
      });
      return counts;
    },
  };
}

/**
 * The rate-limit fields of draft-ietf-httpapi-ratelimit-headers-06 (RateLimit-Limit,
 * RateLimit-Remaining, RateLimit-Reset in seconds, RateLimit-Policy; later drafts fold them into one
 * structured `RateLimit` field, which clients support less widely), plus Retry-After when refused.
 */
export function rateLimitHeaders(state: TokenRateState): Record<string, string> {
  return {
    "RateLimit-Limit": String(state.limit),
    "RateLimit-Remaining": String(state.remaining),
    "RateLimit-Reset": String(state.resetSeconds),
    "RateLimit-Policy": `${state.limit};w=${state.windowSeconds}`,
    ...(state.refusal ? { "Retry-After": String(state.refusal.retryAfterSeconds) } : {}),
  };
}
