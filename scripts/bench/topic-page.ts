// npm run bench (issue 15, "The benchmark"): the production server exactly as npm start runs it
// (built server, its logging, one process per core) on databases of its own with a 50-reply
// thread, against a bare node:http server sending the same gzip bytes from memory, measured in one
// run, alternating: anonymous and signed-in topic page, home and category pages, then the writes
// (reply create, reaction toggle, chat send) by 16 concurrent members. Figures are printed, never
// asserted. Services must be up (npm run services).
//   BENCH_SECONDS=20 BENCH_WARMUP_SECONDS=5 BENCH_CONNECTIONS=32   (the run, the defaults)
//   BENCH_SECONDS=3 BENCH_WARMUP_SECONDS=1 npm run bench           (a smoke run)
//   BENCH_ANONYMOUS_ONLY=true                                      (the anonymous pages alone: no members, no writes)
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { get as httpGet } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { createRuntime } from "../../server/app-services.ts";
import { ReplyModel } from "../../server/modules/reply/reply.model.ts";
import { parseEnv } from "../../server/platform/env.ts";
import { createLogger } from "../../server/platform/logger.ts";
import { createMetrics } from "../../server/platform/metrics.ts";
import { withBenchDatabases, withBenchServer } from "./bench-server.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WRITERS = 16;
const PORT = Number(process.env.BENCH_PORT ?? 3901);
const BARE_PORT = PORT + 1;
// Enough members that none passes a per-member limit (a reply every 5 s, 20 reactions a minute, 10
// chats a minute) at a few hundred writes a second over warm-up and run: each takes its turn.
const ANONYMOUS_ONLY = process.env.BENCH_ANONYMOUS_ONLY === "true";
const MEMBERS = ANONYMOUS_ONLY ? 1 : Number(process.env.BENCH_MEMBERS ?? 3000);
const BROWSER_HEADERS = { "accept-encoding": "gzip, deflate, br", accept: "text/html", "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/130" };

interface Row {
  name: string;
  requests: number;
  p50: number;
  p99: number;
  errors: number;
  rss?: string;
  bare?: number;
}

/** The body exactly as a browser asking for compression receives it (fetch would decompress). */
function rawBody(url: string, headers: Record<string, string>): Promise<{ body: Buffer; headers: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ body: Buffer.concat(chunks), headers: response.headers as Record<string, string> }));
    }).on("error", reject);
  });
}

/** autocannon's figures after a warm-up of the same requests. */
async function measure(options: autocannon.Options) {
  if (WARMUP_SECONDS > 0) await autocannon({ ...options, duration: WARMUP_SECONDS });
  const result = await autocannon({ ...options, duration: SECONDS });
  return { requests: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx };
}

/** Resident memory of the server's processes (the primary and each worker), in MB. */
function rssOf(primaryPid: number): string {
  const children = execFileSync("ps", ["-o", "pid=", "--ppid", String(primaryPid)]).toString().split(/\s+/).filter(Boolean).map(Number);
  const mb = (pid: number) => {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
    return line ? Math.round(Number(line[1]) / 1024) : NaN;
  };
  return [primaryPid, ...children].map((pid, index) => `${index === 0 ? "primary" : "w"}${index === 0 ? "" : index} ${mb(pid)}`).join(", ");
}

/** A bare node:http server in a process of its own answering every request with `file`'s bytes and `headers`. */
async function withBareServer<T>(file: string, headers: Record<string, string>, run: (base: string) => Promise<T>): Promise<T> {
  const code = `const body=require("fs").readFileSync(${JSON.stringify(file)});const headers=${JSON.stringify(headers)};
require("http").createServer((req,res)=>{res.writeHead(200,{...headers,"content-length":body.length});res.end(body)}).listen(${BARE_PORT},"127.0.0.1")`;
  const child = spawn(process.execPath, ["-e", code], { stdio: "inherit" });
  try {
    const base = `http://127.0.0.1:${BARE_PORT}`;
    for (let attempt = 0; !(await fetch(base).then(() => true, () => false)); attempt += 1) {
      if (attempt > 50) throw new Error("the bare server did not start");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return await run(base);
  } finally {
    child.kill();
  }
}

await withBenchDatabases(async (databases) => {
  const { prisma } = databases;
  // The topic under test: a seeded thread grown to 50 replies, some nested.
  const thread = await prisma.thread.findFirstOrThrow({ orderBy: { id: "asc" }, include: { category: true } });
  const existing = await ReplyModel.countDocuments({ threadId: String(thread.id) });
  const parents: string[] = [];
  for (let index = existing; index < 50; index += 1) {
    // 17 top-level replies with two answers each: all 50 fit on the first page of the tree.
    const parent = index % 3 === 0 ? undefined : parents.at(-1);
    const [reply] = await ReplyModel.create([
      {
        threadId: String(thread.id),
        userId: thread.authorId,
        username: "bench",
        content: `Balasan nomor ${index + 1}: pengalaman saya dengan deploy di VPS cukup mirip, terutama soal cache dan reverse proxy.`,
        parentReplyId: parent ?? null,
        depth: parent ? 1 : 0,
      },
    ]);
    if (!parent) parents.push(reply!._id);
  }
  await prisma.thread.update({ where: { id: thread.id }, data: { replyCount: 50 } });
  // The thread the writes go to: another one, so the page under test keeps its 50 replies.
  const target = await prisma.thread.findFirstOrThrow({ where: { id: { not: thread.id } }, orderBy: { id: "asc" } });

  // Members with browser sessions, made as sign-in makes them (rows of the bench's own database).
  const suffix = randomBytes(3).toString("hex");
  await prisma.user.createMany({
    data: Array.from({ length: MEMBERS + 1 }, (_, index) => ({ username: `bench${suffix}${index}`, email: `bench${suffix}${index}@example.test`, isVerified: true })),
  });
  const members = await prisma.user.findMany({ where: { username: { startsWith: `bench${suffix}` } }, select: { id: true, username: true } });
  const { auth } = createRuntime({
    env: parseEnv({ NODE_ENV: "test", REDIS_URL: "", DATABASE_URL: databases.databaseUrl }),
    logger: createLogger({ level: "silent" }),
    metrics: createMetrics(),
    prisma,
    redis: null,
  });
  const cookies: string[] = [];
  for (const member of members) {
    const session = await auth.createSession(member.id, { deviceFingerprint: null, ipAddress: "127.0.0.1", userAgent: "bench", twoFactorVerified: true });
    cookies.push(auth.createSessionCookie(session.id).serialize().split(";")[0]!);
  }
  const reader = { cookie: cookies.pop()!, username: members.at(-1)!.username };

  await withBenchServer(databases, { port: PORT }, async ({ base, process: server }) => {
    const topic = `/t/${thread.id}/${thread.slug}`;
    const pages = [
      { name: "topic page, anonymous", path: topic, cookie: undefined },
      ...(ANONYMOUS_ONLY ? [] : [{ name: "topic page, signed in", path: topic, cookie: reader.cookie }]),
      { name: "home page, anonymous", path: "/", cookie: undefined },
      { name: "category page, anonymous", path: `/c/${thread.category.slug}`, cookie: undefined },
    ];
    const rows: Row[] = [];
    let html = "";
    for (const page of pages) {
      const headers: Record<string, string> = { ...BROWSER_HEADERS, ...(page.cookie ? { cookie: page.cookie } : {}) };
      await rawBody(base + page.path, headers);
      const sample = await rawBody(base + page.path, headers);
      if (page.path === topic && !page.cookie) {
        html = (await (await fetch(base + page.path)).text());
        if (!html.includes("Balasan nomor 50")) throw new Error("the topic page does not show its 50 replies");
      }
      if (page.cookie && !(await (await fetch(base + page.path, { headers: { cookie: page.cookie } })).text()).includes(reader.username)) {
        throw new Error("the signed-in page is not the member's");
      }
      // The bare server sends the bytes this request got, with its content headers.
      const file = path.join(tmpdir(), `alephdraad-bench-${process.pid}.bin`);
      writeFileSync(file, sample.body);
      const contentHeaders = Object.fromEntries(
        ["content-type", "content-encoding", "vary"].filter((name) => sample.headers[name]).map((name) => [name, sample.headers[name]!]),
      );
      const bare = await withBareServer(file, contentHeaders, (bareBase) => measure({ url: bareBase + page.path, connections: CONNECTIONS, headers }));
      const app = await measure({ url: base + page.path, connections: CONNECTIONS, headers });
      rows.push({ name: `${page.name} (${sample.headers["x-page-cache"] ?? "not cached"})`, ...app, rss: rssOf(server.pid!), bare: bare.requests });
      rows.push({ name: `  bare server, same ${Math.round(sample.body.length / 1024)} KB`, ...bare });
    }

    // Writes: each request by the next member in turn (so per-member limits hold), 16 at once.
    let turn = 0;
    const nextCookie = () => cookies[turn++ % cookies.length]!;
    const trpc = (procedure: string, input: () => unknown): autocannon.Options => ({
      url: `${base}/api/trpc/${procedure}`,
      connections: WRITERS,
      requests: [
        {
          method: "POST",
          setupRequest: (request) => ({
            ...request,
            headers: { "content-type": "application/json", origin: base, cookie: nextCookie() },
            body: JSON.stringify({ json: input() }),
          }),
        },
      ],
    });
    let sequence = 0;
    const writes: [string, autocannon.Options][] = [
      ["reply create", trpc("reply.create", () => ({ threadId: target.id, content: `Balasan bench ${++sequence}` }))],
      ["reaction toggle", trpc("reaction.toggle", () => ({ threadId: target.id, type: "like" }))],
      ["chat send", trpc("chat.send", () => ({ content: "Apa itu cache?", idempotencyKey: `bench${suffix}${++sequence}` }))],
    ];
    for (const [name, options] of ANONYMOUS_ONLY ? [] : writes) rows.push({ name: `${name} (${WRITERS} members at once)`, ...(await measure(options)), rss: rssOf(server.pid!) });

    // JavaScript the anonymous topic page makes a browser load, as served (entry script and every
    // modulepreload). "As Chromium loads it" is measured by the frontend's journey; its figure goes here.
    const scripts = new Set([...html.matchAll(/(?:src|href)="(\/build\/[^"]+\.js)"/g)].map((match) => match[1]!));
    let gzipped = 0;
    for (const script of scripts) gzipped += gzipSync(Buffer.from(await (await fetch(base + script)).arrayBuffer()), { level: 9 }).length;

    console.log(`\n${CONNECTIONS} connections (writes: ${WRITERS}), ${SECONDS} s after ${WARMUP_SECONDS} s warm-up; ${rssOf(server.pid!).split(",").length} server processes`);
    console.log(`${"".padEnd(40)} ${"req/s".padStart(8)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"errors".padStart(7)} ${"of bare".padStart(8)}  RSS MB per process`);
    for (const row of rows) {
      const ratio = row.bare ? `${((row.requests / row.bare) * 100).toFixed(1)}%` : "";
      console.log(
        `${row.name.padEnd(40)} ${row.requests.toFixed(0).padStart(8)} ${String(row.p50).padStart(7)} ${String(row.p99).padStart(7)} ${String(row.errors).padStart(7)} ${ratio.padStart(8)}  ${row.rss ?? ""}`,
      );
    }
    console.log(`JavaScript of the topic page, as served: ${(gzipped / 1024).toFixed(1)} KB gzipped in ${scripts.size} files (target 90 KB; Chromium's figure: frontend)`);
    console.log("Targets: anonymous pages >= 50% of bare with p99 < 30 ms; signed in >= 10% with p99 < 150 ms; writes p99 < 100 ms; RSS <= 300 MB per process.");
  });
});
