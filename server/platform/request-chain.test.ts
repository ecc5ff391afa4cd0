import { afterAll, describe, expect, it } from "vitest";
import { solveCaptcha } from "../testing/auth.ts";
import { createCaptcha } from "./captcha.ts";
import { RateLimitedError } from "./errors.ts";
import { createRateLimiter, rateLimitKeyPrefix } from "./rate-limit.ts";
import { createRedis } from "./redis.ts";

// Nothing listens on port 1: every command to this Redis fails, as during an outage.
const unreachableRedis = createRedis("redis://127.0.0.1:1/0");
afterAll(() => {
  unreachableRedis?.disconnect();
});

describe("rate limiter", () => {
  it("counts per key in memory and says how long to wait", async () => {
    const limiter = createRateLimiter("unit", { points: 2, durationSeconds: 60 }, { redis: null, keyPrefix: rateLimitKeyPrefix("test") });
    expect(await limiter.consume("a")).toMatchObject({ remaining: 1, msBeforeReset: expect.any(Number) });
    expect(await limiter.consume("a")).toMatchObject({ remaining: 0 });
    const refusal = await limiter.consume("a").catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect((refusal as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    expect((refusal as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(60);
    await expect(limiter.consume("b")).resolves.toMatchObject({ remaining: 1 });
  });

  it("keeps limiting in memory while Redis is unreachable", async () => {
    const limiter = createRateLimiter("outage", { points: 1, durationSeconds: 60 }, { redis: unreachableRedis, keyPrefix: rateLimitKeyPrefix("test") });
    await limiter.consume("a");
    await expect(limiter.consume("a")).rejects.toBeInstanceOf(RateLimitedError);
  });
});

describe("CAPTCHA", () => {
  it("signs with CAPTCHA_HMAC_KEY: another key's challenge is invalid", async () => {
    const ours = createCaptcha({ CAPTCHA_HMAC_KEY: "kunci-rahasia-kami-123" }, { redis: null, keyPrefix: rateLimitKeyPrefix("test") });
    const theirs = createCaptcha({ CAPTCHA_HMAC_KEY: "kunci-rahasia-lain-456" }, { redis: null, keyPrefix: rateLimitKeyPrefix("test") });
    expect(await ours.verify(await solveCaptcha(await theirs.challenge()))).toBe("invalid");
    expect(await ours.verify(undefined)).toBe("missing");
  });

  it("still refuses replays while Redis is unreachable", async () => {
    const captcha = createCaptcha({ CAPTCHA_HMAC_KEY: "kunci-rahasia-kami-123" }, { redis: unreachableRedis, keyPrefix: rateLimitKeyPrefix("test") });
    const solution = await solveCaptcha(await captcha.challenge());
    expect(await captcha.verify(solution)).toBe("ok");
    expect(await captcha.verify(solution)).toBe("reused");
  });
});
