import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionIdHash } from "../modules/auth/session-adapter.ts";
import { solveCaptcha } from "../testing/auth.ts";
import { createForumTestDatabase } from "../testing/forum.ts";
import { startTestHttpApp } from "../testing/http.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let app: Awaited<ReturnType<typeof startTestHttpApp>>;
let base = "";

beforeAll(async () => {
  db = await createForumTestDatabase();
  // The test plays the reverse proxy on this machine: its X-Forwarded-For names each client.
  app = await startTestHttpApp(db.prisma, { CAPTCHA_ENABLED: "true", RATE_LIMIT_ENABLED: "true", TRUST_PROXY: "loopback" });
  base = app.origin;
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

/** A tRPC call over HTTP, as a browser on this site (same Origin) unless told otherwise. */
function trpc(procedure: string, options: { input?: unknown; cookie?: string; origin?: string; clientIp?: string; method?: "GET" | "POST" } = {}) {
  const method = options.method ?? "POST";
  const headers: Record<string, string> = { "content-type": "application/json", origin: options.origin ?? base };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.clientIp) headers["x-forwarded-for"] = options.clientIp;
  const query = method === "GET" && options.input !== undefined ? `?input=${encodeURIComponent(JSON.stringify({ json: options.input }))}` : "";
  return fetch(`${base}/api/trpc/${procedure}${query}`, {
    method,
    headers,
    body: method === "POST" ? JSON.stringify({ json: options.input ?? null }) : undefined,
  });
}

let sequence = 0;
async function registerOverHttp(clientIp: string) {
  const challenge = (await (await trpc("auth.captchaChallenge", { method: "GET" })).json()).result.data.json;
  const username = `http${++sequence}`;
  const response = await trpc("auth.register", {
    input: { email: `${username}@example.test`, username, password: "bakso-urat-malang-5", captcha: await solveCaptcha(challenge) },
    clientIp,
  });
  expect(response.status).toBe(200);
  const setCookie = response.headers.get("set-cookie") ?? "";
  return { username, setCookie, cookie: setCookie.split(";")[0] ?? "" };
}

describe("auth over HTTP", () => {
  it("registers with a solved CAPTCHA and sets an HttpOnly, SameSite=Lax session cookie", async () => {
    const { setCookie, cookie } = await registerOverHttp("198.18.0.1");
    expect(setCookie).toMatch(/^aleph_session=\w+;/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    const me = await (await trpc("auth.me", { method: "GET", cookie })).json();
    expect(me.result.data.json).toMatchObject({ username: `http${sequence}` });
  });

  it("refuses a cross-origin POST that carries a valid session cookie", async () => {
    const { cookie, username } = await registerOverHttp("198.18.0.2");
    const forged = await trpc("user.sessions.revokeOthers", { cookie, origin: "http://evil.example" });
    expect(forged.status).toBe(403);
    expect((await forged.json()).error.json).toMatchObject({ data: { code: "FORBIDDEN" }, message: expect.stringContaining("Origin") });
    const formPost = await fetch(`${base}/keluar`, { method: "POST", headers: { cookie, origin: "http://evil.example" }, redirect: "manual" });
    expect(formPost.status).toBe(403);

    // The session survived, and the same request from this site goes through.
    const me = await (await trpc("auth.me", { method: "GET", cookie })).json();
    expect(me.result.data.json).toMatchObject({ username });
    expect((await trpc("user.sessions.revokeOthers", { cookie })).status).toBe(200);
  });

  it("answers 429 with Retry-After once an address used up its registrations", async () => {
    const clientIp = "198.18.0.99";
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i <= 10; i++) {
      last = await trpc("auth.register", { input: { email: `banjir${i}@example.test`, username: `banjir${i}`, password: "bakso-urat-malang-5" }, clientIp });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(statuses[10]).toBe(429);
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await last?.json()) as { error: { json: unknown } };
    expect(body.error.json).toMatchObject({ data: { code: "TOO_MANY_REQUESTS" }, message: expect.stringContaining("Coba lagi dalam") });
  });

  it("refuses a revoked session on its very next request", async () => {
    const { cookie } = await registerOverHttp("198.18.0.3");
    await db.prisma.session.updateMany({ data: { isRevoked: true }, where: { id: sessionIdHash(cookie.split("=")[1] ?? "") } });
    const response = await trpc("user.sessions.list", { method: "GET", cookie });
    expect(response.status).toBe(401);
    expect(response.headers.get("set-cookie")).toMatch(/^aleph_session=;/);
  });

  it("answers malformed input with 400 and a message, never 500", async () => {
    const response = await trpc("auth.login", { input: { identifier: ["x"], password: 12 } });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.json.data.code).toBe("BAD_REQUEST");
    expect(body.error.json.message).toMatch(/identifier/);
  });
});
