// Benchmark: idle live connections (SSE, GET /api/live) one production server process holds, the
// memory each costs, and the time one real event takes to reach all of them (target on these
// 2-core machines: 10,000 idle connections, an event delivered to all in under a second).
//   npm run bench:live     (services must be up: npm run services; ulimit -n of 20000)
// The server runs as `npm start` runs it (production build, its logging) on databases of its own;
// this process is the client: raw sockets, no keep-alive pool, one request each.
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";
import { withBenchDatabases, withBenchServer } from "./bench-server.ts";

const CONNECTIONS = Number(process.env.BENCH_LIVE_CONNECTIONS ?? 10_000);
const BASELINE = Number(process.env.BENCH_LIVE_BASELINE ?? 100);
const PORT = Number(process.env.BENCH_PORT ?? 3902);
// A Redis database of its own: production's key prefixes ("live:", "cache:") must not meet a
// server of `npm start` on the same Redis, whose thread 1 is another thread.
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/14";
/** Connections opened at once: below the server's listen backlog (511). */
const OPEN_BATCH = 250;

const base = `http://127.0.0.1:${PORT}`;

interface LiveSocket {
  socket: Socket;
  /** When the awaited event arrived (performance.now()), or null. */
  receivedAt: number | null;
}

/** Opens `count` idle SSE connections to `channel`, in batches; resolves once every one has its 200 and retry hint. */
async function openConnections(count: number, channel: string): Promise<LiveSocket[]> {
  const opened: LiveSocket[] = [];
  for (let start = 0; start < count; start += OPEN_BATCH) {
    const batch = Array.from({ length: Math.min(OPEN_BATCH, count - start) }, () =>
      new Promise<LiveSocket>((resolve, reject) => {
        const live: LiveSocket = { socket: connect(PORT, "127.0.0.1"), receivedAt: null };
        let head = "";
        live.socket.setEncoding("utf8");
        live.socket.on("error", reject);
        live.socket.on("connect", () => {
          live.socket.write(`GET /api/live?channels=${channel} HTTP/1.1\r\nHost: 127.0.0.1:${PORT}\r\nAccept: text/event-stream\r\n\r\n`);
        });
        const onData = (chunk: string) => {
          head += chunk;
          if (!head.includes("retry:")) return;
          live.socket.off("data", onData);
          if (!head.startsWith("HTTP/1.1 200")) reject(new Error(`refused: ${head.split("\r\n")[0]}`));
          else resolve(live);
        };
        live.socket.on("data", onData);
      }),
    );
    opened.push(...(await Promise.all(batch)));
  }
  return opened;
}

/** A member signed up through the API (CAPTCHA off on this server): the session cookie to act with. */
async function signUp(): Promise<string> {
  const username = `bench${randomBytes(3).toString("hex")}`;
  const response = await fetch(`${base}/api/trpc/auth.register`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ json: { username, email: `${username}@example.test`, password: "kopi-tubruk-panas-2026" } }),
  });
  if (!response.ok) throw new Error(`sign-up failed: ${await response.text()}`);
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
}

/** Toggles a reaction (one real event on the thread's channel) and waits until every connection got it. */
async function deliverOne(connections: LiveSocket[], cookie: string, threadId: number) {
  for (const live of connections) {
    live.receivedAt = null;
    const onData = (chunk: string) => {
      if (live.receivedAt === null && chunk.includes("event: reactions")) live.receivedAt = performance.now();
    };
    live.socket.removeAllListeners("data");
    live.socket.on("data", onData);
  }
  const sentAt = performance.now();
  const response = await fetch(`${base}/api/trpc/reaction.toggle`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base, cookie },
    body: JSON.stringify({ json: { threadId, type: "fire" } }),
  });
  if (!response.ok) throw new Error(`reaction failed: ${await response.text()}`);
  const answeredMs = performance.now() - sentAt;
  const deadline = Date.now() + 30_000;
  while (connections.some((live) => live.receivedAt === null)) {
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const times = connections
    .map((live) => (live.receivedAt === null ? Infinity : live.receivedAt - sentAt))
    .sort((a, b) => a - b);
  const at = (share: number) => times[Math.min(times.length - 1, Math.floor(share * times.length))]!;
  return {
    answeredMs,
    received: times.filter(Number.isFinite).length,
    p50: at(0.5),
    p99: at(0.99),
    max: times.at(-1)!,
  };
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : "never");
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

const started = Date.now();
await withBenchDatabases(async (databases) => {
  const thread = await databases.prisma.thread.findFirstOrThrow({ orderBy: { id: "asc" } });
  const extraEnv = {
    REDIS_URL,
    // All connections come from this one address; the bench measures the process, not the cap.
    LIVE_MAX_CONNECTIONS_PER_IP: String(CONNECTIONS + BASELINE),
    LIVE_MAX_CONNECTIONS: String(CONNECTIONS + BASELINE),
    CAPTCHA_ENABLED: "false",
    RATE_LIMIT_ENABLED: "false",
  };
  await withBenchServer(databases, { port: PORT, extraEnv }, async (server) => {
    const cookie = await signUp();
    const channel = `thread:${thread.id}`;

    // Baseline: a few connections, one event.
    const few = await openConnections(BASELINE, channel);
    const baseline = await deliverOne(few, cookie, thread.id);
    few.forEach((live) => live.socket.destroy());
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const rssBefore = await server.metric("process_resident_memory_bytes");
    const openStarted = performance.now();
    const many = await openConnections(CONNECTIONS, channel);
    const openSeconds = (performance.now() - openStarted) / 1000;
    // Let the server settle (timers, buffers) before reading its memory.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const rssAfter = await server.metric("process_resident_memory_bytes");
    const held = await server.metric("live_connections");
    const full = await deliverOne(many, cookie, thread.id);
    many.forEach((live) => live.socket.destroy());

    console.log(`live connections to ${channel}, production server (pid ${server.process.pid}), Redis bus`);
    console.log(`  baseline       ${BASELINE} connections: event to all in ${ms(baseline.max)} (p50 ${ms(baseline.p50)}, p99 ${ms(baseline.p99)}), ${baseline.received}/${BASELINE} received, mutation answered in ${ms(baseline.answeredMs)}`);
    console.log(`  opened         ${many.length} connections in ${openSeconds.toFixed(1)} s; the server's live_connections gauge: ${held}`);
    console.log(`  server RSS     ${mb(rssBefore)} before, ${mb(rssAfter)} with them: ${((rssAfter - rssBefore) / many.length / 1024).toFixed(1)} KB per connection`);
    console.log(`  one event      received by ${full.received}/${many.length}; p50 ${ms(full.p50)}, p99 ${ms(full.p99)}, max ${ms(full.max)} (all delivered: ${ms(full.max)}; goal < 1000 ms)`);
    console.log(`  mutation       answered in ${ms(full.answeredMs)} (it publishes after its write; delivery runs beside it)`);
    console.log(`  whole run      ${((Date.now() - started) / 1000).toFixed(0)} s`);
  });
});
