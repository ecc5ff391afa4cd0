import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "./env.ts";
import { CLOSING_EVENT, createLiveBus, LIVE_HISTORY_LENGTH, liveKeyPrefix, RESET_EVENT, type LiveBus, type LiveEvent } from "./live.ts";
import { createLogger } from "./logger.ts";
import { createRedis } from "./redis.ts";

const logger = createLogger({ level: "silent" });
const redis = createRedis(env().REDIS_URL || "redis://127.0.0.1:6379/0")!;
beforeAll(async () => {
  if (redis.status !== "ready") await once(redis, "ready");
});
const buses: LiveBus[] = [];
afterAll(async () => {
  await Promise.all(buses.map((bus) => bus.close()));
  redis.disconnect();
});

// One prefix per process (liveKeyPrefix in tests), shared by the "processes" of a case as
// production processes share "live:".
const prefix = liveKeyPrefix("test");
function bus(kind: "memory" | "redis"): LiveBus {
  const made = createLiveBus(kind === "redis" ? redis : null, { keyPrefix: prefix, logger });
  buses.push(made);
  return made;
}

let channelCounter = 0;
const freshChannel = () => `thread:${Date.now()}${++channelCounter}`;

/** Collects what a subscriber receives; `next(n)` waits until it holds n events. */
function recorder() {
  const events: LiveEvent[] = [];
  let wake: () => void = () => {};
  return {
    events,
    listener: (event: LiveEvent) => {
      events.push(event);
      wake();
    },
    async next(count: number, timeoutMs = 2_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (Date.now() > deadline) throw new Error(`got ${events.length} events, wanted ${count}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 20);
        });
      }
      return events;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe.each(["memory", "redis"] as const)("live bus in %s", (kind) => {
  it("delivers to every subscriber of a channel, in order, with increasing ids, and not to others", async () => {
    const live = bus(kind);
    const channel = freshChannel();
    const [a, b, other] = [recorder(), recorder(), recorder()];
    live.subscribe(channel, a.listener);
    live.subscribe(channel, b.listener);
    live.subscribe(freshChannel(), other.listener);
    await settle();
    const ids = [
      await live.publish(channel, "reply.created", { replyId: "rpl_1" }),
      await live.publish(channel, "reactions", { counts: { like: 1 } }),
    ];
    expect(BigInt(ids[1]!)).toBeGreaterThan(BigInt(ids[0]!));
    for (const seen of [a, b]) {
      await seen.next(2);
      expect(seen.events.map((event) => [event.id, event.type, event.data])).toEqual([
        [ids[0], "reply.created", { replyId: "rpl_1" }],
        [ids[1], "reactions", { counts: { like: 1 } }],
      ]);
    }
    await settle();
    expect(other.events).toEqual([]);
  });

  it("stops delivering after unsubscribe and forgets the channel once nobody listens", async () => {
    const live = bus(kind);
    const channel = freshChannel();
    const seen = recorder();
    const before = live.channelsWithSubscribers();
    const unsubscribe = live.subscribe(channel, seen.listener);
    expect(live.channelsWithSubscribers()).toBe(before + 1);
    await settle();
    unsubscribe();
    unsubscribe();
    expect(live.channelsWithSubscribers()).toBe(before);
    await live.publish(channel, "reply.deleted", { replyId: "rpl_2" });
    await settle();
    expect(seen.events).toEqual([]);
  });

  it("resumes after a Last-Event-ID: the missed events first, once each, then live ones", async () => {
    const live = bus(kind);
    const channel = freshChannel();
    const first = await live.publish(channel, "reply.created", { replyId: "rpl_a" });
    await live.publish(channel, "reply.created", { replyId: "rpl_b" });
    await live.publish(channel, "reply.updated", { replyId: "rpl_a" });
    const seen = recorder();
    live.subscribe(channel, seen.listener, first);
    await seen.next(2);
    await live.publish(channel, "reply.deleted", { replyId: "rpl_b" });
    await seen.next(3);
    await settle();
    expect(seen.events.map((event) => [event.type, event.data])).toEqual([
      ["reply.created", { replyId: "rpl_b" }],
      ["reply.updated", { replyId: "rpl_a" }],
      ["reply.deleted", { replyId: "rpl_b" }],
    ]);
  });

  it("resumes a quiet channel with nothing, and an id from another channel of the connection by time", async () => {
    const live = bus(kind);
    const quiet = freshChannel();
    const busy = freshChannel();
    const lastSeen = await live.publish(busy, "reactions", { counts: {} });
    const seen = recorder();
    live.subscribe(quiet, seen.listener, lastSeen);
    await settle();
    expect(seen.events).toEqual([]);
    await live.publish(quiet, "reply.created", { replyId: "rpl_q" });
    await seen.next(1);
    expect(seen.events[0]!.type).toBe("reply.created");
  });

  it("resumes several channels together in id order, so one Last-Event-ID never passes an unsent event", async () => {
    const live = bus(kind);
    const [thread, user] = [freshChannel(), `user:${Date.now()}${++channelCounter}`];
    const from = await live.publish(thread, "reactions", { counts: { like: 1 } });
    const ids = [
      await live.publish(thread, "reply.created", { replyId: "rpl_1" }),
      await live.publish(user, "notifications", { unread: 1 }),
      await live.publish(thread, "reply.updated", { replyId: "rpl_1" }),
      await live.publish(user, "notifications", { unread: 2 }),
    ];
    const seen = recorder();
    const unsubscribe = live.subscribe([thread, user], seen.listener, from);
    await seen.next(4);
    expect(seen.events.map((event) => event.id)).toEqual(ids);
    const later = await live.publish(user, "notifications", { unread: 3 });
    await seen.next(5);
    expect(seen.events[4]!.id).toBe(later);
    unsubscribe();
    await live.publish(thread, "reply.deleted", { replyId: "rpl_1" });
    await settle();
    expect(seen.events).toHaveLength(5);
  });

  it("sends reset when the history no longer reaches back to the resume id, or the id is not one of ours", async () => {
    const live = bus(kind);
    const channel = freshChannel();
    const old = await live.publish(channel, "reply.created", { replyId: "rpl_old" });
    let newest = old;
    for (let index = 0; index < LIVE_HISTORY_LENGTH; index++) newest = await live.publish(channel, "reactions", { counts: { like: index } });
    const lost = recorder();
    live.subscribe(channel, lost.listener, old);
    await lost.next(1);
    await settle();
    expect(lost.events.map((event) => event.type)).toEqual([RESET_EVENT]);
    // The reset says where the client now stands: its next resume starts there.
    expect(lost.events[0]!.id).toBe(newest);
    const again = recorder();
    live.subscribe(channel, again.listener, newest);
    await settle();
    expect(again.events).toEqual([]);

    for (const bogus of ["not-an-id", "9999999999999999", "0"]) {
      const forged = recorder();
      live.subscribe(channel, forged.listener, bogus);
      await forged.next(1);
      expect(forged.events.map((event) => event.type)).toEqual([RESET_EVENT]);
    }
    // After a reset, live events still come.
    await live.publish(channel, "reply.updated", { replyId: "rpl_new" });
    await lost.next(2);
    expect(lost.events[1]!.type).toBe("reply.updated");
  });

  it("tells its subscribers it is closing, so their connections end and resume elsewhere", async () => {
    const live = createLiveBus(kind === "redis" ? redis : null, { keyPrefix: prefix, logger });
    const seen = recorder();
    live.subscribe(freshChannel(), seen.listener);
    await live.close();
    expect(seen.events.map((event) => event.type)).toEqual([CLOSING_EVENT]);
  });
});

describe("live bus across processes (two buses on one Redis)", () => {
  it("delivers a publication of one process to the subscribers of both, and resumes on either", async () => {
    const [one, two] = [bus("redis"), bus("redis")];
    const channel = freshChannel();
    const [onOne, onTwo] = [recorder(), recorder()];
    one.subscribe(channel, onOne.listener);
    two.subscribe(channel, onTwo.listener);
    await settle();
    const id = await one.publish(channel, "reply.created", { replyId: "rpl_x", parentReplyId: null });
    await two.publish(channel, "reactions", { counts: { fire: 2 } });
    for (const seen of [onOne, onTwo]) {
      await seen.next(2);
      expect(seen.events.map((event) => event.type)).toEqual(["reply.created", "reactions"]);
    }
    // A phone that saw the first event on process one reconnects to process two.
    const resumed = recorder();
    two.subscribe(channel, resumed.listener, id);
    await resumed.next(1);
    await settle();
    expect(resumed.events.map((event) => [event.type, event.data])).toEqual([["reactions", { counts: { fire: 2 } }]]);
  });

  it("keeps memory buses apart: without Redis an event stays in its process", async () => {
    const [one, two] = [bus("memory"), bus("memory")];
    const channel = freshChannel();
    const onTwo = recorder();
    two.subscribe(channel, onTwo.listener);
    await one.publish(channel, "reply.created", { replyId: "rpl_y" });
    await settle();
    expect(onTwo.events).toEqual([]);
  });
});
