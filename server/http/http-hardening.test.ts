import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import type { Request } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCESS_TOKEN_PREFIX, hashToken } from "../modules/access-token/service.ts";
import { createForumTestDatabase } from "../testing/forum.ts";
import { startTestHttpApp } from "../testing/http.ts";
import { parseEnv } from "../platform/env.ts";
import { createMetrics } from "../platform/metrics.ts";
import { createMetricsApp } from "./metrics-access.ts";
import { routeLabeller } from "./route-label.ts";
import { MAX_TRPC_BATCH } from "../../shared/request-limits.ts";
import { MAX_REQUEST_BODY_BYTES } from "./limits.ts";
import pino from "pino";

const METRICS_TOKEN = "rahasia-metrik-untuk-tes-0123456789";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
/** No TRUST_PROXY: the app faces clients directly, as `npm start` on 0.0.0.0 does. */
let direct: Awaited<ReturnType<typeof startTestHttpApp>>;
/** Behind a reverse proxy on this machine (TRUST_PROXY=loopback). */
let proxied: Awaited<ReturnType<typeof startTestHttpApp>>;

beforeAll(async () => {
  db = await createForumTestDatabase();
  direct = await startTestHttpApp(db.prisma, { CAPTCHA_ENABLED: "false", RATE_LIMIT_ENABLED: "true", METRICS_TOKEN });
  proxied = await startTestHttpApp(db.prisma, { CAPTCHA_ENABLED: "false", RATE_LIMIT_ENABLED: "true", TRUST_PROXY: "loopback" });
});
afterAll(async () => {
  await direct?.close();
  await proxied?.close();
  await db?.close();
});

function post(base: string, procedure: string, input: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base, ...headers },
    body: JSON.stringify({ json: input }),
  });
}

let sequence = 0;
async function register(base: string) {
  const username = `keras${++sequence}${randomBytes(3).toString("hex")}`;
  const response = await post(base, "auth.register", { email: `${username}@example.test`, username, password: "bakso-urat-malang-5" }, {
    "x-forwarded-for": `198.51.100.${sequence}`,
  });
  expect(response.status).toBe(200);
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const user = await db.prisma.user.findUniqueOrThrow({ where: { username } });
  return { username, cookie, userId: user.id };
}

async function scrape(base: string) {
  const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  return response.text();
}

const seriesCount = (text: string) => text.split("\n").filter((line) => line.startsWith("http_request")).length;

describe("request size limits on /api/trpc", () => {
  it("answers a body over the limit with 413 and an Indonesian message, without parsing it", async () => {
    const response = await post(direct.origin, "auth.login", { identifier: "x".repeat(MAX_REQUEST_BODY_BYTES), password: "x" });
    expect(response.status).toBe(413);
    const body = await response.json();
    expect(body.error.json).toMatchObject({ data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 } });
    expect(body.error.json.message).toMatch(/terlalu besar/);
  });

  it("also stops a chunked body (no Content-Length) at the limit", async () => {
    const { port } = new URL(direct.origin);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: "127.0.0.1", port, method: "POST", path: "/api/trpc/auth.login", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.write(`{"json":{"identifier":"`);
      const chunk = "x".repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 2 * MAX_REQUEST_BODY_BYTES) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        req.end(`","password":"x"}}`);
      };
      pump();
    });
    expect([411, 413]).toContain(status);
  });

  it("refuses a batch longer than the limit with 400 and a message, running none of it", async () => {
    const paths = Array(MAX_TRPC_BATCH + 1).fill("thread.search").join(",");
    const input = Object.fromEntries(Array.from({ length: MAX_TRPC_BATCH + 1 }, (_, i) => [i, { json: { query: "bakso" } }]));
    const response = await fetch(`${direct.origin}/api/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`);
    expect(response.status).toBe(400);
    const body = await response.json();
    const error = Array.isArray(body) ? body[0].error.json : body.error.json;
    expect(error.data.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/Terlalu banyak panggilan/);

    // Commas written as %2C are still commas to tRPC.
    const encoded = await fetch(`${direct.origin}/api/trpc/${paths.replaceAll(",", "%2C")}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`);
    expect(encoded.status).toBe(400);
    expect((await encoded.json()).error.json.message).toMatch(/Terlalu banyak panggilan/);

    const within = Array(MAX_TRPC_BATCH).fill("category.list").join(",");
    const inputs = Object.fromEntries(Array.from({ length: MAX_TRPC_BATCH }, (_, i) => [i, { json: null }]));
    const allowed = await fetch(`${direct.origin}/api/trpc/${within}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`);
    expect(allowed.status).toBe(200);
  });

  it("refuses an oversized form post to a page with 413 before Remix reads it", async () => {
    const response = await fetch(`${direct.origin}/masuk`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: direct.origin },
      body: `identifier=${"x".repeat(MAX_REQUEST_BODY_BYTES)}`,
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/terlalu besar/);
  });
});

describe("X-Forwarded-For is trusted only with TRUST_PROXY", () => {
  it("without TRUST_PROXY, a client cannot pick a fresh address per request to dodge the rate limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= 10; i++) {
      const response = await post(direct.origin, "auth.register", { email: `tipu${i}@example.test`, username: `tipu${i}`, password: "bakso-urat-malang-5" }, {
        "x-forwarded-for": `203.0.113.${i + 1}`,
      });
      statuses.push(response.status);
    }
    // All eleven come from 127.0.0.1 whatever they claim: the eleventh is over the limit.
    expect(statuses[10]).toBe(429);
  });

  it("with TRUST_PROXY=loopback, the proxy's X-Forwarded-For names the client", async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= 10; i++) {
      const response = await post(proxied.origin, "auth.register", { email: `jujur${i}@example.test`, username: `jujur${i}`, password: "bakso-urat-malang-5" }, {
        "x-forwarded-for": `192.0.2.${i + 1}`,
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual(Array(11).fill(200));
  });
});

describe("links never follow X-Forwarded-Proto: they come from the one public origin", () => {
  // Apps of their own without rate limits: the tests above used up 127.0.0.1's registrations.
  const quiet = { CAPTCHA_ENABLED: "false", RATE_LIMIT_ENABLED: "false", DEV_MAILBOX: "true" };
  let plain: Awaited<ReturnType<typeof startTestHttpApp>>;
  let behindProxy: Awaited<ReturnType<typeof startTestHttpApp>>;
  let withAppUrl: Awaited<ReturnType<typeof startTestHttpApp>>;
  beforeAll(async () => {
    plain = await startTestHttpApp(db.prisma, quiet);
    behindProxy = await startTestHttpApp(db.prisma, { ...quiet, TRUST_PROXY: "127.0.0.1" });
    withAppUrl = await startTestHttpApp(db.prisma, { ...quiet, TRUST_PROXY: "127.0.0.1", APP_URL: "https://forum.example" });
  });
  afterAll(async () => {
    await Promise.all([plain?.close(), behindProxy?.close(), withAppUrl?.close()]);
  });

  async function verificationLinkFor(base: string, username: string) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const mailbox = (await (await fetch(`${base}/api/trpc/auth.devMailbox`)).json()).result.data.json as { to: string; text: string }[];
      const mail = mailbox.find((item) => item.to.includes(`${username}@example.test`));
      if (mail) return /https?:\/\/\S+verifikasi-email\S*/.exec(mail.text)?.[0] ?? "";
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no verification mail for ${username}`);
  }

  async function registerThrough(app: typeof plain) {
    const username = `proto${randomBytes(3).toString("hex")}`;
    const response = await post(app.origin, "auth.register", { email: `${username}@example.test`, username, password: "bakso-urat-malang-5" }, {
      "x-forwarded-proto": "https",
      "x-forwarded-host": "evil.example",
    });
    expect(response.status).toBe(200);
    return verificationLinkFor(app.origin, username);
  }

  it("a client talking to the app directly cannot turn the links in its mail to https or another host", async () => {
    expect(await registerThrough(plain)).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });

  it("nor can a trusted proxy's headers: without APP_URL the link names this machine", async () => {
    expect(await registerThrough(behindProxy)).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });

  it("APP_URL alone decides scheme and host", async () => {
    expect(await registerThrough(withAppUrl)).toMatch(/^https:\/\/forum\.example\/verifikasi-email/);
  });
});

describe("client headers at the limits the columns allow", () => {
  it("registers and signs in with a User-Agent longer than the session column holds", async () => {
    const username = `ua${randomBytes(3).toString("hex")}`;
    const userAgent = `Mozilla/5.0 ${"(kompatibel; sangat-panjang) ".repeat(100)}`;
    const register = await post(proxied.origin, "auth.register", { email: `${username}@example.test`, username, password: "bakso-urat-malang-5" }, {
      "user-agent": userAgent,
      "x-forwarded-for": "198.51.100.200",
    });
    expect(register.status, await register.clone().text()).toBe(200);
    const login = await post(proxied.origin, "auth.login", { identifier: username, password: "bakso-urat-malang-5" }, {
      "user-agent": userAgent,
      "x-forwarded-for": "198.51.100.201",
    });
    expect(login.status).toBe(200);
    const sessions = await db.prisma.session.findMany({ where: { user: { username } } });
    expect(sessions.length).toBeGreaterThan(0);
    for (const session of sessions) expect(userAgent.startsWith(session.userAgent ?? "-")).toBe(true);
  });
});

describe("CSRF check and the credential actually used", () => {
  it("does not skip the Origin check for a non-bearer Authorization header sent beside the cookie", async () => {
    const { cookie } = await register(proxied.origin);
    for (const authorization of ["Basic eDp5", "Bearer", "Token abc", "Bearer  two words"]) {
      const forged = await post(proxied.origin, "user.sessions.revokeOthers", null, { cookie, authorization, origin: "http://evil.example" });
      expect(forged.status, authorization).toBe(403);
    }
    const formPost = await fetch(`${proxied.origin}/keluar`, {
      method: "POST",
      headers: { cookie, authorization: "Basic eDp5", origin: "http://evil.example" },
      redirect: "manual",
    });
    expect(formPost.status).toBe(403);
  });

  it("lets a request authenticated by a valid bearer token through from anywhere, as that token's owner", async () => {
    const { userId, username } = await register(proxied.origin);
    const token = `${ACCESS_TOKEN_PREFIX}${randomBytes(24).toString("hex")}`;
    await db.prisma.personalAccessToken.create({
      data: { userId, name: "ci", tokenHash: hashToken(token), tokenPrefix: token.slice(0, 14), scopes: ["read", "content:write"] },
    });
    const response = await post(proxied.origin, "user.updateProfile", { fullName: "Lewat Token" }, { authorization: `Bearer ${token}`, origin: "http://evil.example" });
    expect(response.status).toBe(200);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: userId } })).fullName).toBe("Lewat Token");
    const me = await fetch(`${proxied.origin}/api/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await me.json()).result.data.json).toMatchObject({ username });
  });

  it("an invalid bearer token beside a valid cookie is refused, never upgraded to the cookie's session", async () => {
    const { cookie } = await register(proxied.origin);
    const response = await post(proxied.origin, "user.sessions.revokeOthers", null, {
      cookie,
      authorization: `Bearer ${ACCESS_TOKEN_PREFIX}gibberish`,
      origin: "http://evil.example",
    });
    expect([401, 403]).toContain(response.status);
  });
});

describe("/metrics", () => {
  it("is refused without the token (401) and with a wrong one, served with it", async () => {
    expect((await fetch(`${direct.origin}/metrics`)).status).toBe(401);
    expect((await fetch(`${direct.origin}/metrics`, { headers: { authorization: "Bearer salah" } })).status).toBe(401);
    expect((await fetch(`${direct.origin}/metrics`, { headers: { "x-forwarded-for": "127.0.0.1" } })).status).toBe(401);
    expect(await scrape(direct.origin)).toMatch(/process_resident_memory_bytes \d+/);
  });

  it("is served without a token on the METRICS_PORT listener, and nothing else is", async () => {
    const metrics = createMetrics();
    metrics.observeRequest({ method: "GET", route: "trpc:auth.me", status: 200 }, 0.01);
    const server = createMetricsApp(metrics).listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const response = await fetch(`${origin}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/http_requests_total\{method="GET",route="trpc:auth.me",status="200"\} 1/);
      expect((await fetch(`${origin}/api/trpc/auth.me`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("is not served at all on the public port when no METRICS_TOKEN is set", async () => {
    expect((await fetch(`${proxied.origin}/metrics`)).status).toBe(404);
  });

  it("labels tRPC calls by procedure name and invented paths with one fixed label", async () => {
    await fetch(`${direct.origin}/api/trpc/category.list`);
    await fetch(`${direct.origin}/api/trpc/category.list?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { json: null } }))}`);
    await fetch(`${direct.origin}/api/trpc/category.list,auth.me?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { json: null }, 1: { json: null } }))}`);
    await scrape(direct.origin); // the scrape's own series exists from here on
    const before = await scrape(direct.origin);
    expect(before).toMatch(/http_requests_total\{method="GET",route="trpc:category.list",status="200"\} \d+/);
    expect(before).toMatch(/route="trpc:batch"/);
    // Each call of a batch still counts for its own procedure.
    expect(before).toMatch(/trpc_calls_total\{procedure="auth.me"\} 1\n/);
    expect(before).toMatch(/trpc_calls_total\{procedure="category.list"\} \d+\n/);
    expect(before).not.toMatch(/route="unmatched".*status="200"/);

    for (let i = 0; i < 30; i++) {
      await fetch(`${direct.origin}/api/trpc/ngawur${i}.x${i}`);
      await fetch(`${direct.origin}/api/trpc/category.list,ngawur${i}?batch=1`);
      await post(direct.origin, `ngawur${i}`, null, { origin: "http://evil.example", cookie: "aleph_session=x" });
    }
    const after = await scrape(direct.origin);
    expect(after).not.toMatch(/ngawur/);
    expect(after).toMatch(/trpc_calls_total\{procedure="unknown"\} \d+/);
    // Invented paths add at most the few fixed series they fall under, never one per path.
    expect(seriesCount(after) - seriesCount(before)).toBeLessThanOrEqual(3 * 16);
    expect(after).toMatch(/route="trpc:unknown"/);
  });
});

describe("routeLabeller", () => {
  const build = {
    routes: {
      root: { id: "root", path: "" },
      "routes/_index": { id: "routes/_index", parentId: "root", index: true },
      "routes/t.$id.$slug": { id: "routes/t.$id.$slug", parentId: "root", path: "t/:id/:slug" },
    },
  } as unknown as ServerBuild;
  const label = routeLabeller(build, ["auth.me", "thread.byId"]);
  const at = (originalUrl: string) => label({ originalUrl, url: originalUrl } as Request);

  it("answers from a closed set whatever the path", () => {
    expect(at("/t/12/bakso-malang")).toBe("/t/:id/:slug");
    expect(at("/api/trpc/auth.me?input=%7B%7D")).toBe("trpc:auth.me");
    expect(at("/api/trpc/auth.me,auth.me?batch=1")).toBe("trpc:auth.me");
    expect(at("/api/trpc/auth.me%2Cthread.byId?batch=1")).toBe("trpc:batch");
    expect(at("/api/trpc/thread.byId,auth.me,ngawur")).toBe("trpc:batch");
    expect(at("/api/trpc/%E0%A4%A")).toBe("trpc:unknown");
    expect(at("/api/trpc/constructor")).toBe("trpc:unknown");
    expect(at("/api/trpc/")).toBe("trpc:unknown");
    expect(at("/wp-login.php/../../etc")).toBe("unmatched");
    expect(at("/metrics")).toBe("/metrics");
  });
});

describe("TRUST_PROXY and METRICS_* settings", () => {
  // Outside production, where APP_URL is not required.
  const settings = (source: Record<string, string>) => parseEnv({ NODE_ENV: "test", ...source });

  it("reads a hop count, or a list of addresses, subnets and named ranges", () => {
    expect(settings({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(settings({ TRUST_PROXY: "loopback, 10.0.0.0/8, ::1, fd00::/8" }).TRUST_PROXY).toBe("loopback, 10.0.0.0/8, ::1, fd00::/8");
    expect(settings({}).TRUST_PROXY).toBeUndefined();
    expect(settings({ TRUST_PROXY: "" }).TRUST_PROXY).toBeUndefined();
    expect(settings({}).METRICS_HOST).toBe("127.0.0.1");
  });

  it("refuses what Express would misread or trust too widely", () => {
    for (const value of ["true", "everyone", "10.0.0.0/33", "10.0.0.1/8/1", "loopback;evil", "999"]) {
      expect(() => settings({ TRUST_PROXY: value }), value).toThrow(/TRUST_PROXY/);
    }
    expect(() => settings({ METRICS_TOKEN: "pendek" })).toThrow(/METRICS_TOKEN/);
    expect(() => settings({ METRICS_PORT: "0" })).toThrow(/METRICS_PORT/);
  });
});

describe("request logs", () => {
  it("never hold the tokens of reset and verification links, from the URL or a Referer", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    const app = await startTestHttpApp(db.prisma, {}, { logger });
    try {
      await fetch(`${app.origin}/atur-ulang-sandi?token=rahasia-reset-123`);
      await fetch(`${app.origin}/healthz-tidak-ada`, { headers: { referer: `${app.origin}/verifikasi-email?token=rahasia-verif-456` } });
    } finally {
      await app.close();
    }
    const logged = lines.join("");
    expect(logged).toContain("/atur-ulang-sandi");
    expect(logged).not.toContain("rahasia-reset-123");
    expect(logged).not.toContain("rahasia-verif-456");
  });
});
