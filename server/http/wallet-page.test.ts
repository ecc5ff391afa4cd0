import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime } from "../app-services.ts";
import { parseEnv } from "../platform/env.ts";
import { createLogger } from "../platform/logger.ts";
import { createMetrics } from "../platform/metrics.ts";
import { createForumTestDatabase } from "../testing/forum.ts";
import { connectTestMongo, type TestMongo } from "../testing/mongo.ts";
import { createHttpApp } from "./app.ts";

/*
 * The wallet page as a browser gets it, rendered by the real Remix build (run `npx remix build`
 * first): what it says about payments under each gateway choice.
 */

const buildPath = path.resolve("build/index.js");
let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: TestMongo;
let build: ServerBuild;
const servers: Server[] = [];

beforeAll(async () => {
  if (!existsSync(buildPath)) throw new Error("build/index.js is missing: run `npx remix build` first");
  [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
});
afterAll(async () => {
  for (const server of servers) server.close();
  await Promise.all([db?.close(), mongo?.drop()]);
});

/** The whole app on 127.0.0.1 under `env`, its APP_URL its own origin. */
async function site(env: Record<string, string>) {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  servers.push(server);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const app = createHttpApp({
    runtime: createRuntime({
      env: parseEnv({ REDIS_URL: "", APP_URL: origin, CAPTCHA_ENABLED: "false", RATE_LIMIT_ENABLED: "false", ...env }),
      logger: createLogger({ level: "silent" }),
      metrics: createMetrics(),
      prisma: db.prisma,
      redis: null,
    }),
    build,
    readinessChecks: [],
    publicDir: "public",
  });
  server.on("request", app);
  let sequence = 0;
  return {
    origin,
    /** A new member's session cookie. */
    async member() {
      const username = `dompet${process.pid % 1000}${++sequence}${Math.floor(Math.random() * 1e4)}`;
      const response = await fetch(`${origin}/api/trpc/auth.register`, {
        method: "POST",
        headers: { "content-type": "application/json", origin },
        body: JSON.stringify({ json: { email: `${username}@example.test`, username, password: "rendang-padang-7" } }),
      });
      expect(response.status).toBe(200);
      return (response.headers.get("set-cookie") ?? "").split(";")[0]!;
    },
    page: async (cookie: string, pathname = "/dompet") => {
      const response = await fetch(`${origin}${pathname}`, { headers: { cookie } });
      expect(response.status).toBe(200);
      return response.text();
    },
  };
}

describe("wallet page", () => {
  it("says top-ups are off under a fresh production start, and offers no payment", async () => {
    const app = await site({ NODE_ENV: "production" });
    const html = await app.page(await app.member());
    expect(html).toContain('data-testid="payments-off"');
    expect(html).toContain("Top up dan pembayaran langsung sedang dinonaktifkan di server ini.");
    expect(html).not.toContain("Lanjut ke pembayaran");
    expect(html).not.toContain('data-testid="sandbox-notice"');
    // Every "Bayar langsung" button is disabled.
    const direct = [...html.matchAll(/<button[^>]*value="buy-direct"[^>]*>/g)].map((match) => match[0]);
    expect(direct.length).toBeGreaterThan(0);
    expect(direct.every((button) => button.includes("disabled"))).toBe(true);
  });

  it("with the sandbox chosen: says it is test mode, and marks the test money in the history", async () => {
    const app = await site({ NODE_ENV: "production", PAYMENT_GATEWAY: "sandbox" });
    const cookie = await app.member();
    const before = await app.page(cookie);
    expect(before).toContain('data-testid="sandbox-notice"');
    expect(before).toContain("Lanjut ke pembayaran");
    expect(before).not.toContain('data-testid="payments-off"');

    const created = await fetch(`${app.origin}/api/trpc/payment.create`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.origin, cookie },
      body: JSON.stringify({ json: { kind: "topup", amount: 25_000 } }),
    });
    const { redirectUrl } = ((await created.json()) as { result: { data: { json: { redirectUrl: string } } } }).result.data.json;
    const approved = await fetch(redirectUrl, {
      method: "POST",
      headers: { origin: app.origin },
      body: new URLSearchParams({ decision: "approve" }),
      redirect: "manual",
    });
    expect(approved.status).toBe(303);
    const after = await app.page(cookie);
    expect(after).toContain("Rp 25.000");
    expect(after.match(/data-testid="test-money"/g)).toHaveLength(1);
    expect(after).toContain("Uang uji");
  });
});
