import { randomBytes } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { Logger } from "./logger.ts";
import type { Redis } from "./redis.ts";

/**
 * Live updates (docs/decisions/0009-live-updates.md): events published on a channel
 * (`thread:<id>`, `user:<id>`) reach every process's subscribers, each with an id that orders it
 * among all channels of the bus, so one SSE Last-Event-ID resumes a connection to several.
 */
export interface LiveEvent {
  /** A decimal integer, increasing across every channel of the bus (about the publication time in µs). */
  id: string;
  channel: string;
  type: string;
  data: unknown;
}

/** What a resuming subscriber gets when events after its id may be lost: it must reload its data. */
export const RESET_EVENT = "reset";
/** What every subscriber of this process gets when the bus closes (shutdown): end the connection, the client resumes elsewhere. */
export const CLOSING_EVENT = "closing";

export type LiveListener = (event: LiveEvent) => void;

export interface LiveBus {
  /** Delivers `type`/`data` to every subscriber of `channel` in every process; answers its id. */
  publish(channel: string, type: string, data: unknown): Promise<string>;
  /**
   * Calls `listener` for each event of `channel` (or of several) from now on, or, given
   * `resumeAfter` (a Last-Event-ID), first for those after it still in the history, in id order
   * and without duplicates; a `reset` event instead when some of them are no longer kept.
   * Answers the unsubscribe function (safe to call twice).
   */
  subscribe(channel: string | readonly string[], listener: LiveListener, resumeAfter?: string): () => void;
  /** Sends `closing` to this process's subscribers, then closes the subscriber connection (Redis). */
  close(): Promise<void>;
  /** Channels with subscribers in this process (a closed connection must leave none behind). */
  channelsWithSubscribers(): number;
}

/** Events kept per channel for resuming: a phone offline for a few minutes on a busy thread. */
export const LIVE_HISTORY_LENGTH = 500;
/** A channel without events for this long forgets its history (Redis key expiry). */
export const LIVE_HISTORY_TTL_SECONDS = 24 * 60 * 60;
/** Channels whose history memory mode keeps at once (least recently published dropped first). */
const MEMORY_CHANNELS = 10_000;

const isEventId = (value: string) => /^\d{1,16}$/.test(value);

/**
 * Where the bus keeps its keys and pub/sub channels. Tests share one Redis while each file has
 * its own databases (thread 3 of one is not thread 3 of another): a scope per process there,
 * unless TEST_REDIS_SCOPE names one for several processes on the same databases (the e2e servers).
 */
export function liveKeyPrefix(nodeEnv: string): string {
  if (nodeEnv !== "test") return "live:";
  return `live:test:${process.env.TEST_REDIS_SCOPE || `${process.pid}:${randomBytes(4).toString("hex")}`}:`;
}

/**
 * Fans one channel's events out to this process's subscribers: one listener per channel on the
 * transport (one Redis subscription, never one per connection). A resuming subscriber buffers
 * live events while its history is read, then gets the history and the buffer, deduplicated by id.
 */
class LocalFanout {
  private readonly channels = new Map<string, { listeners: Set<LiveListener>; ready: Promise<void> }>();

  constructor(
    private readonly transport: {
      /** Starts receiving `channel`; resolves once no later publication can be missed. */
      open(channel: string): Promise<void>;
      close(channel: string): void;
      /**
       * Events after `afterId`; or, when some of them are no longer kept, the newest id of the bus
       * (the reset carries it, so the next resume starts from there rather than resetting again).
       */
      history(channel: string, afterId: string): Promise<LiveEvent[] | { resetTo: string }>;
    },
    private readonly logger: Logger,
  ) {}

  deliver(event: LiveEvent): void {
    for (const listener of this.channels.get(event.channel)?.listeners ?? []) {
      try {
        listener(event);
      } catch (error) {
        // One broken connection must not keep the event from the others.
        this.logger.warn({ err: error, channel: event.channel }, "live listener failed");
      }
    }
  }

  /**
   * Several channels resumed together: each replays its own history, so their events are held
   * until all replays are done and then sent in id order; otherwise the client's Last-Event-ID
   * (the last id it saw) could pass an event of another channel not yet sent.
   */
  subscribe(channels: readonly string[], listener: LiveListener, resumeAfter?: string): () => void {
    if (resumeAfter === undefined || channels.length < 2) {
      const subscriptions = channels.map((channel) => this.subscribeOne(channel, listener, resumeAfter));
      return () => subscriptions.forEach(({ unsubscribe }) => unsubscribe());
    }
    let held: LiveEvent[] | null = [];
    const holding: LiveListener = (event) => (held && event.type !== CLOSING_EVENT ? held.push(event) : listener(event));
    const subscriptions = channels.map((channel) => this.subscribeOne(channel, holding, resumeAfter));
    void Promise.all(subscriptions.map(({ replayed }) => replayed)).then(() => {
      const events = held ?? [];
      held = null;
      const order = (event: LiveEvent) => (isEventId(event.id) ? BigInt(event.id) : 0n);
      events.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0)).forEach(listener);
    });
    return () => subscriptions.forEach(({ unsubscribe }) => unsubscribe());
  }

  private subscribeOne(channel: string, listener: LiveListener, resumeAfter?: string): { unsubscribe: () => void; replayed: Promise<void> } {
    let active = true;
    let last = resumeAfter !== undefined && isEventId(resumeAfter) ? BigInt(resumeAfter) : -1n;
    let buffer: LiveEvent[] | null = resumeAfter === undefined ? null : [];
    const send = (event: LiveEvent) => {
      if (!active) return;
      if (event.type !== RESET_EVENT && event.type !== CLOSING_EVENT) {
        const id = BigInt(event.id);
        if (id <= last) return;
        last = id;
      }
      listener(event);
    };
    const local: LiveListener = (event) => (buffer && event.type !== CLOSING_EVENT ? buffer.push(event) : send(event));

    let entry = this.channels.get(channel);
    if (!entry) {
      const ready = this.transport.open(channel);
      ready.catch((error: unknown) => this.logger.warn({ err: error, channel }, "live channel could not be opened"));
      entry = { listeners: new Set(), ready };
      this.channels.set(channel, entry);
    }
    entry.listeners.add(local);
    // Also a later subscriber waits for the channel's subscription before reading history.
    const opened = entry.ready;

    let replayed = Promise.resolve();
    if (resumeAfter !== undefined) {
      const replay = async () => {
        await opened;
        const missed = await this.transport.history(channel, isEventId(resumeAfter) ? resumeAfter : "0");
        const held = buffer ?? [];
        buffer = null;
        if (Array.isArray(missed)) missed.forEach(send);
        else send({ id: missed.resetTo, channel, type: RESET_EVENT, data: {} });
        held.forEach(send);
      };
      replayed = replay().catch((error: unknown) => {
        this.logger.warn({ err: error, channel }, "live history unavailable: the subscriber reloads");
        const held = buffer ?? [];
        buffer = null;
        // No id: the client keeps its own and tries the history again next time.
        send({ id: "", channel, type: RESET_EVENT, data: {} });
        held.forEach(send);
      });
    }

    const unsubscribe = () => {
      if (!active) return;
      active = false;
      const set = this.channels.get(channel)?.listeners;
      if (!set) return;
      set.delete(local);
      if (set.size === 0) {
        this.channels.delete(channel);
        this.transport.close(channel);
      }
    };
    return { unsubscribe, replayed };
  }

  get size(): number {
    return this.channels.size;
  }

  /** Tells every subscriber the bus is closing (each ends its connection and unsubscribes). */
  closeAll(): void {
    for (const [channel, { listeners }] of [...this.channels]) {
      for (const listener of [...listeners]) listener({ id: "0", channel, type: CLOSING_EVENT, data: {} });
    }
  }
}

/** Ids near the publication time in microseconds, strictly increasing: a restart continues above its predecessor's. */
function nextIdAfter(previous: bigint): bigint {
  const now = BigInt(Date.now()) * 1000n;
  return now > previous ? now : previous + 1n;
}

function memoryBus(logger: Logger): LiveBus {
  let lastId = 0n;
  // Once a channel's history is dropped (LRU), its ids up to here can no longer be resumed.
  let droppedUpTo = 0n;
  const histories = new LRUCache<string, LiveEvent[]>({
    max: MEMORY_CHANNELS,
    ttl: LIVE_HISTORY_TTL_SECONDS * 1000,
    dispose: (events) => {
      const newest = events.at(-1);
      if (newest && BigInt(newest.id) > droppedUpTo) droppedUpTo = BigInt(newest.id);
    },
  });
  const fanout: LocalFanout = new LocalFanout(
    {
      open: async () => {},
      close: () => {},
      async history(channel, afterId) {
        const after = BigInt(afterId);
        const reset = { resetTo: String(lastId) };
        const events = histories.get(channel);
        // An id this bus never gave (a restarted process gives larger ones): its history is gone.
        if (after === 0n || after > lastId) return reset;
        if (!events) return after < droppedUpTo ? reset : [];
        if (events.length >= LIVE_HISTORY_LENGTH && BigInt(events[0]!.id) > after) return reset;
        return events.filter((event) => BigInt(event.id) > after);
      },
    },
    logger,
  );
  return {
    async publish(channel, type, data) {
      lastId = nextIdAfter(lastId);
      const event: LiveEvent = { id: String(lastId), channel, type, data };
      const events = histories.get(channel) ?? [];
      events.push(event);
      if (events.length > LIVE_HISTORY_LENGTH) events.splice(0, events.length - LIVE_HISTORY_LENGTH);
      histories.set(channel, events);
      fanout.deliver(event);
      return event.id;
    },
    subscribe: (channels, listener, resumeAfter) => fanout.subscribe(typeof channels === "string" ? [channels] : channels, listener, resumeAfter),
    close: async () => fanout.closeAll(),
    channelsWithSubscribers: () => fanout.size,
  };
}

/**
 * One script, so an event is in the history if and only if it was published: the id (Redis's
 * clock in µs, above the bus's last one), XADD with that id (trimmed to exactly
 * LIVE_HISTORY_LENGTH, so a full history says it was trimmed; the key expiring when the channel goes quiet), then PUBLISH.
 * KEYS: last id, stream. ARGV: pub/sub channel, payload, history length, ttl.
 */
const PUBLISH_SCRIPT = `
local time = redis.call('TIME')
local id = tonumber(time[1]) * 1000000 + tonumber(time[2])
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
if id <= last then id = last + 1 end
local text = string.format('%.0f', id)
redis.call('SET', KEYS[1], text)
redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[3], text .. '-0', 'e', ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[4])
redis.call('PUBLISH', ARGV[1], text .. ' ' .. ARGV[2])
return text
`;

function redisBus(redis: Redis, prefix: string, logger: Logger): LiveBus {
  const streamKey = (channel: string) => `${prefix}h:${channel}`;
  const pubsubName = (channel: string) => `${prefix}c:${channel}`;
  // The one subscriber connection of this process, opened by the first subscription (a process
  // or test that never subscribes opens none); ioredis resubscribes after a reconnect, and
  // queues commands while connecting.
  let connection: Redis | null = null;
  const subscriber = () => {
    if (connection) return connection;
    connection = redis.duplicate({ enableOfflineQueue: true, commandTimeout: undefined, maxRetriesPerRequest: null });
    connection.on("error", () => {});
    connection.on("message", onMessage);
    return connection;
  };

  const onMessage = (name: string, message: string) => {
    if (!name.startsWith(`${prefix}c:`)) return;
    const space = message.indexOf(" ");
    try {
      const { type, data } = JSON.parse(message.slice(space + 1)) as { type: string; data: unknown };
      fanout.deliver({ id: message.slice(0, space), channel: name.slice(prefix.length + 2), type, data });
    } catch (error) {
      logger.warn({ err: error, channel: name }, "live message unreadable");
    }
  };

  const fanout: LocalFanout = new LocalFanout(
    {
      // One connection runs its commands in the order sent: an unsubscribe right after a
      // subscribe (a connection closed at once) and a new subscribe after it apply in that order.
      async open(channel) {
        await subscriber().subscribe(pubsubName(channel));
      },
      close(channel) {
        subscriber().unsubscribe(pubsubName(channel)).catch(() => {});
      },
      async history(channel, afterId) {
        const key = streamKey(channel);
        // One transaction: the length, the oldest kept event and the ones after the client's agree.
        const replies = await redis
          .multi()
          .xlen(key)
          .xrange(key, "-", "+", "COUNT", 1)
          .xrange(key, `(${afterId}-0`, "+")
          .get(`${prefix}last-id`)
          .exec();
        if (!replies || replies.some(([error]) => error)) throw new Error("live history transaction failed");
        const length = replies[0]![1] as number;
        const oldest = (replies[1]![1] as [string, string[]][])[0]?.[0];
        const missed = replies[2]![1] as [string, string[]][];
        const newest = (replies[3]![1] as string | null) ?? "0";
        const after = BigInt(afterId);
        const reset = { resetTo: newest };
        // An id this bus never gave (Redis lost its data, or a forged one).
        if (after === 0n || after > BigInt(newest)) return reset;
        if (oldest === undefined) {
          // No history: nothing was published since the key last expired. An id older than the
          // expiry may have been followed by events since forgotten.
          const ageMs = Date.now() - Number(after / 1000n);
          return ageMs >= LIVE_HISTORY_TTL_SECONDS * 1000 ? reset : [];
        }
        // Trimmed (the history is full) past the client's id: the events in between may be gone.
        // Not full: nothing was ever trimmed, the oldest kept is the channel's first event.
        if (length >= LIVE_HISTORY_LENGTH && BigInt(oldest.split("-")[0]!) > after) return reset;
        return missed.map(([entryId, fields]) => {
          const { type, data } = JSON.parse(fields[1] ?? "{}") as { type: string; data: unknown };
          return { id: entryId.split("-")[0]!, channel, type, data };
        });
      },
    },
    logger,
  );

  return {
    async publish(channel, type, data) {
      const id = await redis.eval(
        PUBLISH_SCRIPT,
        2,
        `${prefix}last-id`,
        streamKey(channel),
        pubsubName(channel),
        JSON.stringify({ type, data }),
        LIVE_HISTORY_LENGTH,
        LIVE_HISTORY_TTL_SECONDS,
      );
      return String(id);
    },
    subscribe: (channels, listener, resumeAfter) => fanout.subscribe(typeof channels === "string" ? [channels] : channels, listener, resumeAfter),
    async close() {
      fanout.closeAll();
      const open = connection;
      connection = null;
      await open?.quit().catch(() => open.disconnect());
    },
    channelsWithSubscribers: () => fanout.size,
  };
}

/** The bus on `redis` (every process sees every event), or in this process's memory when null. Built once by createPlatform. */
export function createLiveBus(redis: Redis | null, options: { keyPrefix: string; logger: Logger }): LiveBus {
  return redis ? redisBus(redis, options.keyPrefix, options.logger) : memoryBus(options.logger);
}
