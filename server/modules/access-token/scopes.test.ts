import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../../platform/env.ts";
import { createRedis } from "../../platform/redis.ts";
import { createForumTestDatabase, forumFixtures } from "../../testing/forum.ts";
import { startTestHttpApp } from "../../testing/http.ts";
import { connectTestMongo, type TestMongo } from "../../testing/mongo.ts";
import { requestCallers } from "../../testing/request-caller.ts";
import { appRouter } from "../../trpc/root.ts";
import type { ProcedureMeta } from "../../trpc/init.ts";
import { ACCESS_SCOPES, PROCEDURE_SCOPES, type AccessScope } from "./scopes.ts";
import { createAccessToken } from "./service.ts";

/*
 * Scoped, accountable tokens over real HTTP (the Express app, its tRPC endpoint, real cookies and
 * bearers): which procedures each scope admits, expiry, the per-token rate limit and its headers,
 * the 24-hour tallies (in the suite's Redis when it has one, so concurrent counts are atomic).
 */

type Procedure = { _def: { type: "query" | "mutation" | "subscription"; meta?: ProcedureMeta } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Procedure>);
const tokenCallable = procedures.filter(([, procedure]) => !procedure._def.meta?.staffOnly && !procedure._def.meta?.sessionOnly);

describe("the scope table", () => {
  it("names every procedure a token can reach, and nothing else", () => {
    const missing = tokenCallable.map(([path]) => path).filter((path) => !Object.hasOwn(PROCEDURE_SCOPES, path));
    expect(missing, "procedures callable by a token without an entry in PROCEDURE_SCOPES").toEqual([]);
    const callable = new Set(tokenCallable.map(([path]) => path));
    const stale = Object.keys(PROCEDURE_SCOPES).filter((path) => !callable.has(path));
    expect(stale, "entries for procedures that do not exist or refuse every token anyway").toEqual([]);
    for (const needed of Object.values(PROCEDURE_SCOPES)) {
      if (needed) for (const scope of needed) expect(ACCESS_SCOPES).toContain(scope);
    }
  });
});

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
// Admitted chat and document calls reach MongoDB.
let mongo: TestMongo;
/** Limits off (the write limits would answer 429 to a walk through every mutation). */
let open: Awaited<ReturnType<typeof startTestHttpApp>>;
/** Five requests a minute per token, counted in Redis when the suite has one. */
let limited: Awaited<ReturnType<typeof startTestHttpApp>>;
/** Behind a proxy on loopback, whose X-Forwarded-For is believed. */
let proxied: Awaited<ReturnType<typeof startTestHttpApp>>;
const redis = createRedis(env().REDIS_URL);
const LIMIT = 5;

beforeAll(async () => {
  [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  [open, limited, proxied] = await Promise.all([
    startTestHttpApp(db.prisma, { RATE_LIMIT_ENABLED: "false" }),
    startTestHttpApp(
      db.prisma,
      { RATE_LIMIT_ENABLED: "true", ACCESS_TOKEN_RATE_LIMIT: String(LIMIT), ACCESS_TOKEN_RATE_WINDOW_SECONDS: "60" },
      { redis },
    ),
    startTestHttpApp(db.prisma, { RATE_LIMIT_ENABLED: "false", TRUST_PROXY: "loopback" }),
  ]);
  await forumFixtures(db.prisma).category({ slug: "umum" });
}, 60_000);

afterAll(async () => {
  await Promise.all([open?.close(), limited?.close(), proxied?.close()]);
  await Promise.all([db?.close(), mongo?.drop(), redis?.quit()]);
});

const client = { ipAddress: null, userAgent: null, deviceFingerprint: null };
let sequence = 0;
async function member() {
  return forumFixtures(db.prisma).user({ username: `pemrogram${++sequence}` });
}
async function tokenOf(userId: number, scopes: readonly AccessScope[], expiresInDays: 7 | null = null) {
  return createAccessToken(db.prisma, userId, { name: `token ${++sequence}`, expiresInDays, scopes }, client);
}

interface Answer {
  status: number;
  code?: string;
  message?: string;
  headers: Headers;
  data?: unknown;
}

/** One tRPC call over HTTP, as a program makes it. */
async function call(
  origin: string,
  path: string,
  options: { type?: "query" | "mutation"; input?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const payload = JSON.stringify({ json: options.input ?? {} });
  const response =
    options.type === "mutation"
      ? await fetch(`${origin}/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: payload })
      : await fetch(`${origin}/api/trpc/${path}?input=${encodeURIComponent(payload)}`, { headers });
  const body = (await response.json()) as { result?: { data: { json: unknown } }; error?: { json: { message: string; data: { code: string } } } };
  return {
    status: response.status,
    code: body.error?.json.data.code,
    message: body.error?.json.message,
    headers: response.headers,
    data: body.result?.data.json,
  };
}

const threadInput = (title: string) => ({
  title,
  summary: "Dari skrip",
  categorySlug: "umum",
  contentJson: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Isi dari program." }] }] },
});

describe("scopes over HTTP", () => {
  it("a read-only token reads but cannot post: 403 naming content:write, and nothing is written", async () => {
    const user = await member();
    const { token } = await tokenOf(user.id, ["read"]);
    expect(await call(open.origin, "auth.me", { token })).toMatchObject({ status: 200, data: { id: user.id } });
    expect((await call(open.origin, "thread.list", { token })).status).toBe(200);

    const before = await db.prisma.thread.count();
    const refused = await call(open.origin, "thread.create", { type: "mutation", token, input: threadInput("Dari token baca saja") });
    expect(refused).toMatchObject({ status: 403, code: "FORBIDDEN", message: expect.stringContaining("`content:write`") });
    expect(refused.message).toMatch(/tidak punya izin/);
    expect(await db.prisma.thread.count()).toBe(before);

    // The same post with content:write goes through: the refusal was the scope, not the input.
    const { token: writer } = await tokenOf(user.id, ["content:write"]);
    expect((await call(open.origin, "thread.create", { type: "mutation", token: writer, input: threadInput("Dari token penulis") })).status).toBe(200);
    expect(await db.prisma.thread.count()).toBe(before + 1);
  });

  it("each procedure admits a token holding exactly its scopes and refuses one lacking any of them", async () => {
    const user = await member();
    const tokens = new Map<string, string>();
    const tokenFor = async (scopes: readonly AccessScope[]) => {
      const key = [...scopes].sort().join(" ");
      if (!tokens.has(key)) tokens.set(key, (await tokenOf(user.id, scopes)).token);
      return tokens.get(key)!;
    };
    const wrong: string[] = [];
    for (const [path, procedure] of tokenCallable) {
      const needed = PROCEDURE_SCOPES[path];
      const type = procedure._def.type === "mutation" ? "mutation" : "query";
      if (needed === null || needed === undefined) {
        const answer = await call(open.origin, path, { type, token: await tokenFor(ACCESS_SCOPES) });
        if (answer.status !== 403 || !/Token akses/.test(answer.message ?? "")) wrong.push(`${path} with every scope: ${answer.status} ${answer.message}`);
        continue;
      }
      // Admitted: whatever the empty input makes of it (400, 404, 200), never a scope refusal.
      const admitted = await call(open.origin, path, { type, token: await tokenFor(needed) });
      if (admitted.status === 403 || admitted.status === 401) wrong.push(`${path} with ${needed.join("+")}: ${admitted.status} ${admitted.message}`);
      for (const scope of needed) {
        const lacking = await call(open.origin, path, { type, token: await tokenFor(ACCESS_SCOPES.filter((held) => held !== scope)) });
        if (lacking.status !== 403 || !lacking.message?.includes(`\`${scope}\``)) wrong.push(`${path} without ${scope}: ${lacking.status} ${lacking.message}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it("leaves browser sessions alone, and token-only refusals do not touch them", async () => {
    const user = await member();
    const { cookie } = await requestCallers(db.prisma).sessionHeaders(user.id);
    const answer = await call(open.origin, "thread.create", { type: "mutation", input: threadInput("Dari browser"), headers: { cookie, origin: open.origin } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("ratelimit-limit")).toBeNull();
  });

  it("a token of member A never sees member B's tokens", async () => {
    const alice = await member();
    const bob = await member();
    const { token } = await tokenOf(alice.id, ACCESS_SCOPES);
    const bobs = await tokenOf(bob.id, ["read"]);
    const listed = await call(open.origin, "user.accessTokens.list", { token });
    expect(listed).toMatchObject({ status: 403, message: expect.stringMatching(/Token akses/) });
    expect(JSON.stringify(listed)).not.toContain(bobs.tokenPrefix);
    // B's session sees only B's token, with B's use only.
    await call(limited.origin, "auth.me", { token });
    const bobSession = await requestCallers(db.prisma, {}, null).asSession(bob.id);
    const list = await bobSession.user.accessTokens.list();
    expect(list.map((entry) => entry.id)).toEqual([bobs.id]);
  });
});

describe("expiry", () => {
  it("a new token lives the days asked for, or until revoked", async () => {
    const user = await member();
    const caller = await requestCallers(db.prisma).asSession(user.id);
    const weekly = await caller.user.accessTokens.create({ name: "Mingguan", expiresInDays: 7, scopes: ["read", "wallet:read"] });
    expect(weekly.expiresAt!.getTime() - weekly.createdAt.getTime()).toBeCloseTo(7 * 86_400_000, -4);
    expect(weekly.scopes).toEqual(["read", "wallet:read"]);
    const forever = await caller.user.accessTokens.create({ name: "Selamanya", expiresInDays: null, scopes: ["chat"] });
    expect(forever.expiresAt).toBeNull();
    for (const scopes of [[], ["admin"], ACCESS_SCOPES.concat(ACCESS_SCOPES)]) {
      await expect(caller.user.accessTokens.create({ name: "Salah", scopes: scopes as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
  });

  it("refuses an expired token on every procedure, public ones too, with 401 saying so", async () => {
    const user = await member();
    const { id, token } = await tokenOf(user.id, ACCESS_SCOPES, 7);
    expect((await call(open.origin, "category.list", { token })).status).toBe(200);
    await db.prisma.personalAccessToken.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    for (const path of ["auth.me", "category.list", "wallet.get"]) {
      expect(await call(open.origin, path, { token })).toMatchObject({ status: 401, code: "UNAUTHORIZED", message: expect.stringMatching(/kedaluwarsa/) });
    }
    expect(await call(open.origin, "category.list", { token: "aleph_pat_tidak-ada" })).toMatchObject({ status: 401, message: expect.stringMatching(/tidak dikenal/) });
  });
});

describe("per-token rate limits", () => {
  it("answers every token request with RateLimit-* headers, then 429 with Retry-After", async () => {
    const user = await member();
    const { token } = await tokenOf(user.id, ["read"]);
    const remaining: string[] = [];
    for (let index = 0; index < LIMIT; index += 1) {
      // Refusals carry the headers too: the scope refusal counts as a request.
      const answer = await call(limited.origin, index === 0 ? "wallet.get" : "auth.me", { token });
      expect(answer.status).toBe(index === 0 ? 403 : 200);
      expect(answer.headers.get("ratelimit-limit")).toBe(String(LIMIT));
      expect(answer.headers.get("ratelimit-policy")).toBe(`${LIMIT};w=60`);
      expect(Number(answer.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
      expect(Number(answer.headers.get("ratelimit-reset"))).toBeLessThanOrEqual(60);
      remaining.push(answer.headers.get("ratelimit-remaining")!);
    }
    expect(remaining).toEqual(["4", "3", "2", "1", "0"]);
    const refused = await call(limited.origin, "auth.me", { token });
    expect(refused).toMatchObject({ status: 429, code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/Token akses ini melewati batas 5/) });
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("retry-after")).toBe(refused.headers.get("ratelimit-reset"));

    // Another token of the same member has its own window.
    const other = await tokenOf(user.id, ["read"]);
    expect((await call(limited.origin, "auth.me", { token: other.token })).headers.get("ratelimit-remaining")).toBe("4");
  });

  it("of many concurrent requests lets exactly the limit through and counts every one", async () => {
    const user = await member();
    const { id, token } = await tokenOf(user.id, ["read"]);
    const answers = await Promise.all(Array.from({ length: 40 }, () => call(limited.origin, "auth.me", { token })));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40 - LIMIT);
    const remaining = answers.filter((answer) => answer.status === 200).map((answer) => answer.headers.get("ratelimit-remaining")).sort();
    expect(remaining).toEqual(["0", "1", "2", "3", "4"]);

    const counts = await limited.runtime.accessTokenUsage.callsInLastDay([id]);
    expect(counts?.get(id)).toBe(40);
  });
});

describe("what the token list shows", () => {
  it("last use time and client address (written once a minute, not per request), and calls in 24 hours", async () => {
    const user = await member();
    const { id, token } = await tokenOf(user.id, ["read"]);
    for (let index = 0; index < 3; index += 1) await call(open.origin, "auth.me", { token });
    const first = await db.prisma.personalAccessToken.findUniqueOrThrow({ where: { id } });
    expect(first.lastUsedAt).toBeInstanceOf(Date);
    expect(first.lastUsedIp).toBe("127.0.0.1");
    await Promise.all(Array.from({ length: 10 }, () => call(open.origin, "auth.me", { token })));
    // Throttled: the first request's time stays, though ten more came after it.
    expect((await db.prisma.personalAccessToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(first.lastUsedAt);

    // A lying X-Forwarded-For is not believed from a client that is no configured proxy...
    await call(open.origin, "auth.me", { token, headers: { "x-forwarded-for": "203.0.113.9" } });
    expect((await db.prisma.personalAccessToken.findUniqueOrThrow({ where: { id } })).lastUsedIp).toBe("127.0.0.1");
    // ...and is from one (TRUST_PROXY=loopback): a new address is written at once.
    await call(proxied.origin, "auth.me", { token, headers: { "x-forwarded-for": "203.0.113.9" } });
    expect((await db.prisma.personalAccessToken.findUniqueOrThrow({ where: { id } })).lastUsedIp).toBe("203.0.113.9");

    const counts = await open.runtime.accessTokenUsage.callsInLastDay([id]);
    expect(counts?.get(id)).toBe(14);
  });

  it("sums this hour and the 23 before it, nothing older", async () => {
    const usage = limited.runtime.accessTokenUsage;
    const tokenId = 900_000_000 + process.pid;
    const now = new Date();
    const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
    await usage.count(tokenId, hoursAgo(24));
    await usage.count(tokenId, hoursAgo(23));
    await usage.count(tokenId, hoursAgo(1));
    await usage.count(tokenId, now);
    await usage.count(tokenId, now);
    expect((await usage.callsInLastDay([tokenId, tokenId + 1], now))).toEqual(new Map([[tokenId, 4], [tokenId + 1, 0]]));
  });
});
