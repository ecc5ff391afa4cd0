import type { ServerResponse } from "node:http";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import express, { type Request, type Response, type Router } from "express";
import type { Runtime } from "../app-services.ts";
import { requireTokenScopes } from "../modules/access-token/scopes.ts";
import { threadChannel, userChannel } from "../modules/live-channels.ts";
import { requireVisibleThread } from "../modules/thread/service.ts";
import { InvalidError, RateLimitedError, UnavailableError } from "../platform/errors.ts";
import { CLOSING_EVENT, type LiveEvent } from "../platform/live.ts";
import { createContext } from "../trpc/context.ts";
import { signedInMember } from "../trpc/init.ts";
import { asyncHandler } from "./async-handler.ts";
import { asRefusal } from "./refusal.ts";
import { requestMeta } from "./request-meta.ts";
import * as m from "../../shared/paraglide/messages/_index.js";

export const LIVE_PATH = "/api/live";
/** A page needs its thread and the member's own channel; a few more leave room, not a firehose. */
export const MAX_LIVE_CHANNELS = 4;
/** Tabs and devices of one member at once; more is a script, which does not need a stream each. */
export const MAX_LIVE_CONNECTIONS_PER_MEMBER = 10;
/** Below the idle timeouts of common proxies and load balancers (60 s), so none closes a quiet stream. */
export const LIVE_HEARTBEAT_MS = 25_000;
/** Output a connection may leave unread before it is dropped (it resumes from its Last-Event-ID). */
const MAX_UNSENT_BYTES = 64 * 1024;

const THREAD_CHANNEL = /^thread:([1-9]\d{0,9})$/;
const MAX_ROW_ID = 2_147_483_647;

/** The channels a request names, validated: `thread:<id>` and `me`, at most MAX_LIVE_CHANNELS. */
function requestedChannels(query: unknown): { threads: number[]; me: boolean } {
  if (typeof query !== "string" || query === "") throw new InvalidError(m.error_live_channelsMissing());
  const names = [...new Set(query.split(",").map((name) => name.trim()))];
  if (names.length > MAX_LIVE_CHANNELS) throw new InvalidError(m.error_live_tooManyChannels({ max: MAX_LIVE_CHANNELS }));
  const threads: number[] = [];
  let me = false;
  for (const name of names) {
    const thread = THREAD_CHANNEL.exec(name);
    if (thread && Number(thread[1]) <= MAX_ROW_ID) threads.push(Number(thread[1]));
    else if (name === "me") me = true;
    else throw new InvalidError(m.error_live_unknownChannel({ name: name.slice(0, 40) }));
  }
  return { threads, me };
}

/** Counts per key (member, address), forgotten at zero. */
class Counter {
  private readonly counts = new Map<string, number>();
  get(key: string) {
    return this.counts.get(key) ?? 0;
  }
  add(key: string, delta: 1 | -1) {
    const next = this.get(key) + delta;
    if (next <= 0) this.counts.delete(key);
    else this.counts.set(key, next);
  }
}

/** One SSE frame per event, serialised once however many connections it goes to. */
const frames = new WeakMap<LiveEvent, string>();
function frameOf(event: LiveEvent): string {
  let frame = frames.get(event);
  if (frame === undefined) {
    // JSON never holds a raw newline, so one data line is the whole payload.
    frame = `${event.id ? `id: ${event.id}\n` : ""}event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
    frames.set(event, frame);
  }
  return frame;
}

/**
 * GET /api/live?channels=thread:<id>,me: Server-Sent Events of the live bus (ctx.live) for a
 * visible thread and the signed-in member's own channel, resumed from Last-Event-ID (header,
 * or `lastEventId` in the query for a client that reconnects by itself). Mounted by app.ts
 * before compression, which would hold the stream in its buffer.
 */
export function liveHttpRoutes(runtime: Runtime): Router {
  const router: Router = express.Router();
  const { env, live, metrics, logger } = runtime;
  const open = new Set<ServerResponse>();
  const perMember = new Counter();
  const perAddress = new Counter();

  // One timer for every connection: a comment line keeps proxies from closing a quiet stream.
  const heartbeat = setInterval(() => {
    for (const res of open) res.write(": \n\n");
  }, LIVE_HEARTBEAT_MS);
  heartbeat.unref();

  router.get(
    LIVE_PATH,
    asyncHandler(async (req, res) => {
      let memberKey: string | null = null;
      const address = req.ip ?? "unknown";
      let channels: string[];
      try {
        const requested = requestedChannels(req.query.channels);
        const ctx = await createContext(runtime, requestMeta(req, res));
        // What a token hears live is what it may read (scopes.ts).
        requireTokenScopes(ctx, ["read"], m.error_accessToken_what_live());
        channels = requested.threads.map(threadChannel);
        if (requested.me) {
          const member = signedInMember(ctx);
          channels.push(userChannel(member.id));
        }
        if (ctx.user) memberKey = `member:${ctx.user.id}`;
        for (const threadId of requested.threads) await requireVisibleThread(runtime.prisma, threadId);
        if (open.size >= env.LIVE_MAX_CONNECTIONS) {
          throw new UnavailableError(m.error_live_serverFull(), 5);
        }
        if (perAddress.get(address) >= env.LIVE_MAX_CONNECTIONS_PER_IP || (memberKey && perMember.get(memberKey) >= MAX_LIVE_CONNECTIONS_PER_MEMBER)) {
          throw new RateLimitedError(30, m.error_live_tooManyConnections());
        }
      } catch (error) {
        refuse(res, error);
        return;
      }
      stream(req, res, channels, memberKey, address);
    }),
  );

  function refuse(res: Response, error: unknown) {
    const mapped = asRefusal(error, (name, value) => res.setHeader(name, value));
    if (!mapped) throw error;
    res.status(getHTTPStatusCodeFromError(mapped)).setHeader("Cache-Control", "no-store");
    res.type("text/plain; charset=utf-8").send(mapped.message);
  }

  function stream(req: Request, res: Response, channels: string[], memberKey: string | null, address: string) {
    const header = req.get("last-event-id");
    const fromQuery = typeof req.query.lastEventId === "string" ? req.query.lastEventId : undefined;
    const resumeAfter = (header ?? fromQuery)?.slice(0, 32) || undefined;

    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: no proxy may compress or hold it; X-Accel-Buffering: nginx must not buffer it.
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
      Connection: "keep-alive",
    });
    req.socket.setNoDelay(true);
    // A spread of reconnect delays: a restarted process does not get all its clients back at once.
    res.write(`retry: ${2_000 + Math.floor(Math.random() * 3_000)}\n\n`);

    open.add(res);
    perAddress.add(address, 1);
    if (memberKey) perMember.add(memberKey, 1);
    metrics.countLiveConnection(1);

    let closed = false;
    const unsubscribes: (() => void)[] = [];
    const close = () => {
      if (closed) return;
      closed = true;
      for (const unsubscribe of unsubscribes) unsubscribe();
      open.delete(res);
      perAddress.add(address, -1);
      if (memberKey) perMember.add(memberKey, -1);
      metrics.countLiveConnection(-1);
      res.end();
    };
    const listener = (event: LiveEvent) => {
      if (closed) return;
      if (event.type === CLOSING_EVENT) return close();
      res.write(frameOf(event));
      // A client that stopped reading: drop it rather than buffer for it; it resumes where it was.
      if (res.writableLength > MAX_UNSENT_BYTES) {
        logger.info({ unsent: res.writableLength }, "live connection dropped: the client stopped reading");
        close();
        res.destroy();
      }
    };
    unsubscribes.push(live.subscribe(channels, listener, resumeAfter));
    // The response's close: the client went away, or the stream ended (shutdown, slow reader).
    res.on("close", close);
  }

  return router;
}
