import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCache } from "./cache.ts";
import { env } from "./env.ts";
import { createRedis } from "./redis.ts";

const redis = createRedis(env().REDIS_URL || "redis://127.0.0.1:6379/0")!;
beforeAll(async () => {
  // Commands fail fast (no offline queue) until the connection is up.
  if (redis.status !== "ready") await once(redis, "ready");
});
afterAll(() => {
  redis.disconnect();
});

// Built once, as createPlatform does for a server: every request then reads the one cache.
const caches = { memory: createCache(null), redis: createCache(redis) };

describe.each([
  ["memory", () => caches.memory],
  ["redis", () => caches.redis],
])("cache in %s", (_name, cache) => {
  // A namespace per run: Redis is shared with other test files and earlier runs.
  const namespace = `test-${randomBytes(4).toString("hex")}`;

  it("loads once, then answers from the cache with Dates intact, until invalidated", async () => {
    let loads = 0;
    const load = async () => ({ loads: ++loads, at: new Date("2026-01-01T00:00:00Z") });
    expect(await cache().remember(namespace, "k", 60, load)).toEqual({ loads: 1, at: new Date("2026-01-01T00:00:00Z") });
    expect(await cache().remember(namespace, "k", 60, load)).toEqual({ loads: 1, at: new Date("2026-01-01T00:00:00Z") });
    await cache().invalidate(namespace);
    expect((await cache().remember(namespace, "k", 60, load)).loads).toBe(2);
    expect((await cache().remember(`${namespace}-other`, "k", 60, load)).loads).toBe(3);
  });

  it("does not keep a value loaded while an invalidation happened", async () => {
    const key = "raced";
    const stale = await cache().remember(namespace, key, 60, async () => {
      await cache().invalidate(namespace);
      return "before the write";
    });
    expect(stale).toBe("before the write");
    expect(await cache().remember(namespace, key, 60, async () => "after the write")).toBe("after the write");
  });

  it("is one cache per backend, shared by every request", () => {
    expect(cache()).toBe(cache());
  });
});

describe("cache with Redis down", () => {
  it("still answers by loading, and invalidating does not fail", async () => {
    const down = createRedis("redis://127.0.0.1:1/0")!;
    try {
      const cache = createCache(down);
      expect(await cache.remember("ns", "k", 60, async () => "fresh")).toBe("fresh");
      await expect(cache.invalidate("ns")).resolves.toBeUndefined();
    } finally {
      down.disconnect();
    }
  });
});
