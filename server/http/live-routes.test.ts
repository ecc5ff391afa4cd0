import { request as httpRequest, type IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { threadChannel, userChannel } from "../modules/live-channels.ts";
import { createForumTestDatabase, forumFixtures } from "../testing/forum.ts";
import { startTestHttpApp } from "../testing/http.ts";
import { requestCallers } from "../testing/request-caller.ts";
import { LIVE_PATH, MAX_LIVE_CHANNELS, MAX_LIVE_CONNECTIONS_PER_MEMBER } from "./live-routes.ts";

type App = Awaited<ReturnType<typeof startTestHttpApp>>;
let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let app: App;
let callers: ReturnType<typeof requestCallers>;
let threadId: number;
let deletedThreadId: number;
let memberId: number;

beforeAll(async () => {
  db = await createForumTestDatabase();
  app = await startTestHttpApp(db.prisma);
  callers = requestCallers(db.prisma);
  const fixtures = forumFixtures(db.prisma);
  const author = await fixtures.user();
  memberId = author.id;
  const category = await fixtures.category();
  threadId = (await fixtures.thread({ categoryId: category.id, authorId: author.id })).id;
  deletedThreadId = (await fixtures.thread({ categoryId: category.id, authorId: author.id, isDeleted: true })).id;
});
// Every request a test opened, ended before the app closes (a server waits for its open connections).
const opened: { destroy(): void }[] = [];
afterAll(async () => {
  for (const req of opened) req.destroy();
  await app?.close();
  await db?.close();
});

interface Stream {
  status: number;
  headers: IncomingMessage["headers"];
  /** Everything received so far. */
  text(): string;
  /** Waits until the received text matches. */
  until(pattern: RegExp, timeoutMs?: number): Promise<string>;
  close(): void;
}

/** A raw GET kept open, as an EventSource keeps it. */
function open(target: App, query: string, headers: Record<string, string> = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${target.origin}${LIVE_PATH}?${query}`, { headers: { accept: "text/event-stream", ...headers } }, (res) => {
      let received = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (received += chunk));
      res.on("error", () => {});
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        text: () => received,
        async until(pattern, timeoutMs = 2_000) {
          const deadline = Date.now() + timeoutMs;
          while (!pattern.test(received)) {
            if (Date.now() > deadline) throw new Error(`no ${pattern} in ${JSON.stringify(received)}`);
            await new Promise((wait) => setTimeout(wait, 20));
          }
          return received;
        },
        close: () => req.destroy(),
      });
    });
    req.on("error", (error) => (error.message === "socket hang up" ? undefined : reject(error)));
    opened.push(req);
    req.end();
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

async function liveGauge(target: App): Promise<number> {
  const metric = await target.runtime.metrics.registry.getSingleMetric("live_connections")?.get();
  return metric?.values[0]?.value ?? 0;
}

describe("GET /api/live", () => {
  it("streams a visible thread's events to a visitor, uncompressed, with a retry hint", async () => {
    const stream = await open(app, `channels=thread:${threadId}`, { "accept-encoding": "gzip, br" });
    expect(stream.status).toBe(200);
    expect(stream.headers["content-type"]).toMatch(/^text\/event-stream/);
    expect(stream.headers["content-encoding"]).toBeUndefined();
    expect(stream.headers["cache-control"]).toContain("no-transform");
    await stream.until(/^retry: \d+\n\n/);
    await settle();
    const id = await app.runtime.live.publish(threadChannel(threadId), "reply.created", { replyId: "rpl_1", parentReplyId: null });
    await stream.until(new RegExp(`id: ${id}\nevent: reply.created\ndata: \\{"replyId":"rpl_1","parentReplyId":null\\}\n\n`));
    stream.close();
  });

  it("refuses what it cannot serve: unknown or too many channels, a hidden thread, `me` for a visitor", async () => {
    const cases: [string, number, RegExp][] = [
      ["", 400, /saluran/],
      ["channels=user:1", 400, /Saluran tidak dikenal/],
      ["channels=thread:0", 400, /Saluran tidak dikenal/],
      ["channels=thread:99999999999", 400, /Saluran tidak dikenal/],
      [`channels=${Array.from({ length: MAX_LIVE_CHANNELS + 1 }, (_, index) => `thread:${index + 1}`).join(",")}`, 400, /Paling banyak/],
      [`channels=thread:${deletedThreadId}`, 404, /tidak ditemukan/i],
      [`channels=thread:${threadId + 1000}`, 404, /tidak ditemukan/i],
      [`channels=thread:${threadId},me`, 401, /masuk/i],
    ];
    for (const [query, status, message] of cases) {
      const stream = await open(app, query);
      await stream.until(/./s).catch(() => {});
      expect([query, stream.status]).toEqual([query, status]);
      expect(stream.text()).toMatch(message);
      stream.close();
    }
  });

  it("gives a signed-in member their own channel and nobody else's", async () => {
    const headers = await callers.sessionHeaders(memberId);
    const stream = await open(app, `channels=me,thread:${threadId}`, headers);
    expect(stream.status).toBe(200);
    await settle();
    await app.runtime.live.publish(userChannel(memberId + 1), "notifications", { unread: 99 });
    await app.runtime.live.publish(userChannel(memberId), "notifications", { unread: 3 });
    await stream.until(/event: notifications\ndata: \{"unread":3\}/);
    expect(stream.text()).not.toContain('"unread":99');
    stream.close();

    // Signed in but short of the second factor: not a member yet.
    const pending = await open(app, "channels=me", await callers.sessionHeaders(memberId, false));
    expect(pending.status).toBe(401);
    pending.close();
  });

  it("resumes after Last-Event-ID (header or query), and answers an id it cannot resume from with reset", async () => {
    const channel = threadChannel(threadId);
    const first = await app.runtime.live.publish(channel, "reply.created", { replyId: "rpl_a", parentReplyId: null });
    const second = await app.runtime.live.publish(channel, "reply.updated", { replyId: "rpl_a" });
    const variants: Record<string, string>[] = [{ "last-event-id": first }, {}];
    for (const headers of variants) {
      const query = `channels=thread:${threadId}${"last-event-id" in headers ? "" : `&lastEventId=${first}`}`;
      const stream = await open(app, query, headers);
      await stream.until(new RegExp(`id: ${second}\nevent: reply.updated`));
      expect(stream.text()).not.toContain(`id: ${first}\n`);
      stream.close();
    }
    const lost = await open(app, `channels=thread:${threadId}`, { "last-event-id": "9999999999999999" });
    await lost.until(/event: reset\ndata: \{\}/);
    lost.close();
  });

  it("unsubscribes and counts down when the client goes away", async () => {
    const bus = app.runtime.live;
    await settle();
    const [channelsBefore, gaugeBefore] = [bus.channelsWithSubscribers(), await liveGauge(app)];
    const other = forumFixtures(db.prisma);
    const thread = await other.thread({ categoryId: (await other.category()).id, authorId: memberId });
    const stream = await open(app, `channels=thread:${thread.id}`);
    await stream.until(/retry/);
    expect(bus.channelsWithSubscribers()).toBe(channelsBefore + 1);
    expect(await liveGauge(app)).toBe(gaugeBefore + 1);
    stream.close();
    await settle();
    expect(bus.channelsWithSubscribers()).toBe(channelsBefore);
    expect(await liveGauge(app)).toBe(gaugeBefore);
  });

  it("ends every stream when the bus closes (shutdown), so browsers resume on another process", async () => {
    const own = await startTestHttpApp(db.prisma);
    try {
      const stream = await open(own, `channels=thread:${threadId}`);
      await stream.until(/retry/);
      const ended = new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (own.runtime.live.channelsWithSubscribers() === 0) {
            clearInterval(check);
            resolve();
          }
        }, 20);
      });
      await own.runtime.live.close();
      await ended;
      expect(await liveGauge(own)).toBe(0);
    } finally {
      await own.close();
    }
  });

  it("caps the connections of one address and of one member", async () => {
    const capped = await startTestHttpApp(db.prisma, { LIVE_MAX_CONNECTIONS_PER_IP: "2" });
    const streams: Stream[] = [];
    try {
      for (let index = 0; index < 2; index++) streams.push(await open(capped, `channels=thread:${threadId}`));
      expect(streams.map((stream) => stream.status)).toEqual([200, 200]);
      const refused = await open(capped, `channels=thread:${threadId}`);
      expect(refused.status).toBe(429);
      expect(refused.headers["retry-after"]).toBeDefined();
      await refused.until(/Terlalu banyak koneksi/);
      refused.close();
      // One closed, one more fits.
      streams.shift()!.close();
      await settle();
      streams.push(await open(capped, `channels=thread:${threadId}`));
      expect(streams.at(-1)!.status).toBe(200);
    } finally {
      streams.forEach((stream) => stream.close());
      await capped.close();
    }

    const headers = await callers.sessionHeaders(memberId);
    const mine: Stream[] = [];
    try {
      for (let index = 0; index < MAX_LIVE_CONNECTIONS_PER_MEMBER; index++) mine.push(await open(app, "channels=me", headers));
      expect(mine.every((stream) => stream.status === 200)).toBe(true);
      const refused = await open(app, "channels=me", headers);
      expect(refused.status).toBe(429);
      refused.close();
      // Another member is not held back by this one.
      const someone = await forumFixtures(db.prisma).user();
      const theirs = await open(app, "channels=me", await callers.sessionHeaders(someone.id));
      expect(theirs.status).toBe(200);
      theirs.close();
    } finally {
      mine.forEach((stream) => stream.close());
    }
  });

  it("refuses once the process holds LIVE_MAX_CONNECTIONS, with a retry time", async () => {
    const full = await startTestHttpApp(db.prisma, { LIVE_MAX_CONNECTIONS: "1" });
    try {
      const held = await open(full, `channels=thread:${threadId}`);
      const refused = await open(full, `channels=thread:${threadId}`);
      expect([held.status, refused.status]).toEqual([200, 503]);
      expect(refused.headers["retry-after"]).toBe("5");
      held.close();
      refused.close();
    } finally {
      await full.close();
    }
  });
});
