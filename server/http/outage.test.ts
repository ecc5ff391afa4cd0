import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type ServerBuild } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { createElement } from "react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime } from "../app-services.ts";
import { ErrorPage } from "../../app/components/error-page.tsx";
import handleRequest from "../../app/entry.server.tsx";
import { submitForm } from "../../app/lib/form-action.server.ts";
import { syncMongoIndexes } from "../modules/mongo-models.ts";
import { ReplyModel } from "../modules/reply/reply.model.ts";
import { connectMongo, disconnectMongo, mongoConnection } from "../platform/db/mongo.ts";
import { createPostgres, type Postgres } from "../platform/db/postgres.ts";
import { env as defaultEnv, parseEnv } from "../platform/env.ts";
import { createLogger } from "../platform/logger.ts";
import { createMetrics } from "../platform/metrics.ts";
import { RateLimitedError } from "../platform/errors.ts";
import { createRateLimiter } from "../platform/rate-limit.ts";
import { createCache } from "../platform/cache.ts";
import { createRedis, type Redis } from "../platform/redis.ts";
import { forumFixtures } from "../testing/forum.ts";
import { createMigratedTestDatabase, type TestDatabase } from "../testing/postgres.ts";
import { hostAndPort, startTcpProxy, throughProxy, type TcpProxy } from "../testing/tcp-proxy.ts";
import { createHttpApp } from "./app.ts";

/**
 * PostgreSQL, MongoDB and Redis each "go down" behind a TCP proxy this file controls (the shared
 * servers are never touched): pages answer a friendly 503, procedures a 503 with a message and
 * Retry-After, and the same platform serves again once the proxy is back.
 */

// A two-route Remix build around the real entry.server and ErrorPage: the root loader reads the
// viewer like app/root.tsx, the thread page reads the thread, the replies page reads MongoDB.
function ThreadTitle() {
  return createElement("h1", null, useLoaderData<{ title: string }>().title);
}
function ReplyCount() {
  return createElement("p", null, `${useLoaderData<{ items: unknown[] }>().items.length} balasan`);
}
function RootErrorBoundary() {
  return createElement(ErrorPage, { error: useRouteError() });
}

function testBuild(): ServerBuild {
  const route = (id: string, parentId: string | undefined, path: string, module: object) => ({
    id,
    parentId,
    path,
    module,
  });
  const routes = {
    root: route("root", undefined, "", {
      loader: async ({ context }: LoaderFunctionArgs) => json({ user: await context.trpc.auth.me() }),
      default: () => createElement(Outlet),
      ErrorBoundary: RootErrorBoundary,
    }),
    "routes/t.$id": route("routes/t.$id", "root", "t/:id", {
      loader: async ({ params, context }: LoaderFunctionArgs) => json(await context.trpc.thread.byId({ id: Number(params.id) })),
      // A form post, as the real pages' actions run a procedure (app/lib/form-action.server.ts).
      action: async ({ params, context }: ActionFunctionArgs) => {
        const outcome = await submitForm(context.trpc.thread.byId({ id: Number(params.id) }));
        return outcome.ok ? json({ saved: true }) : outcome.response;
      },
      default: ThreadTitle,
    }),
    "routes/r.$id": route("routes/r.$id", "root", "r/:id", {
      loader: async ({ params, context }: LoaderFunctionArgs) =>
        json(await context.trpc.reply.listByThread({ threadId: Number(params.id), limit: 20 })),
      default: ReplyCount,
    }),
  };
  const entries = Object.values(routes).map((r) => [
    r.id,
    {
      id: r.id,
      parentId: r.parentId,
      path: r.path,
      module: `/build/${r.id}.js`,
      imports: [],
      hasLoader: true,
      hasAction: r.id === "routes/t.$id",
      hasClientAction: false,
      hasClientLoader: false,
      hasErrorBoundary: r.id === "root",
    },
  ]);
  return {
    mode: "production",
    entry: { module: { default: handleRequest } },
    routes,
    assets: { entry: { module: "/build/entry.client.js", imports: [] }, routes: Object.fromEntries(entries), url: "/build/manifest.js", version: "test" },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: {},
    isSpaMode: false,
  } as unknown as ServerBuild;
}

let database: TestDatabase;
let postgres: Postgres;
let redis: Redis | null;
let pgProxy: TcpProxy;
let mongoProxy: TcpProxy;
let redisProxy: TcpProxy;
let origin = "";
let server: ReturnType<ReturnType<typeof createHttpApp>["listen"]>;
let fixtures: ReturnType<typeof forumFixtures>;
let author: { id: number };
let categoryId: number;

beforeAll(async () => {
  const shared = defaultEnv();
  [pgProxy, mongoProxy, redisProxy] = await Promise.all([
    startTcpProxy(hostAndPort(shared.DATABASE_URL, 5432)),
    startTcpProxy(hostAndPort(shared.MONGODB_URL, 27017)),
    startTcpProxy(hostAndPort(shared.REDIS_URL || "redis://127.0.0.1:6379", 6379)),
  ]);
  database = await createMigratedTestDatabase();
  postgres = createPostgres({ url: throughProxy(database.url, pgProxy), max: 4 });
  const mongoUrl = new URL(throughProxy(shared.MONGODB_URL, mongoProxy));
  mongoUrl.pathname = `/alephdraad_test_${randomBytes(6).toString("hex")}`;
  await connectMongo(mongoUrl.href);
  await syncMongoIndexes();
  const redisUrl = throughProxy(shared.REDIS_URL || "redis://127.0.0.1:6379/0", redisProxy);
  redis = createRedis(redisUrl);
  const app = createHttpApp({
    runtime: createRuntime({
      env: parseEnv({ NODE_ENV: "test", REDIS_URL: redisUrl, CAPTCHA_ENABLED: "false", RATE_LIMIT_ENABLED: "false" }),
      logger: createLogger({ level: "silent" }),
      metrics: createMetrics(),
      prisma: postgres.prisma,
      redis,
    }),
    build: testBuild(),
    readinessChecks: [],
    publicDir: "public",
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fixtures = forumFixtures(postgres.prisma);
  author = await fixtures.user();
  categoryId = (await fixtures.category()).id;
});

afterAll(async () => {
  await Promise.all([pgProxy?.up(), mongoProxy?.up(), redisProxy?.up()]);
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await mongoConnection().dropDatabase().catch(() => {});
  await disconnectMongo();
  redis?.disconnect();
  await postgres?.close();
  await database?.drop();
  await Promise.all([pgProxy?.close(), mongoProxy?.close(), redisProxy?.close()]);
});

const newThread = () => fixtures.thread({ categoryId, authorId: author.id });

function trpcGet(procedure: string, input: unknown, headers: Record<string, string> = {}) {
  const query = `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  return fetch(`${origin}/api/trpc/${procedure}${query}`, { headers });
}

async function expectUnavailableProcedure(response: Response) {
  expect(response.status).toBe(503);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  const body = (await response.json()) as { error: { json: { message: string; data: { code: string } } } };
  expect(body.error.json.data.code).toBe("SERVICE_UNAVAILABLE");
  expect(body.error.json.message).toMatch(/^Layanan sedang tidak tersedia/);
}

async function expectUnavailablePage(response: Response) {
  expect(response.status).toBe(503);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(response.headers.get("content-type")).toMatch(/text\/html/);
  const html = await response.text();
  expect(html).toContain("503");
  expect(html).toContain("Layanan sedang tidak tersedia");
  expect(html).toContain("Muat ulang");
  expect(html).not.toMatch(/ECONNREFUSED|Prisma|Mongo|stack/i);
}

describe("PostgreSQL down", () => {
  it("answers procedures and pages with 503, serves what is cached, and heals by itself", async () => {
    const cached = await newThread();
    const uncached = await newThread();
    expect((await fetch(`${origin}/t/${cached.id}`)).status).toBe(200);

    await pgProxy.down();
    try {
      await expectUnavailableProcedure(await trpcGet("thread.byId", { id: uncached.id }));
      await expectUnavailablePage(await fetch(`${origin}/t/${uncached.id}`));
      // A session cookie is read from PostgreSQL before any loader runs.
      const cookie = { cookie: "aleph_session=0123456789abcdef0123456789abcdef" };
      await expectUnavailableProcedure(await trpcGet("auth.me", undefined, cookie));
      await expectUnavailablePage(await fetch(`${origin}/t/${uncached.id}`, { headers: cookie }));
      // A client-side navigation asks for the loader's data alone: a 503 the browser's
      // ErrorBoundary renders as the same friendly page.
      const data = await fetch(`${origin}/t/${uncached.id}?_data=${encodeURIComponent("routes/t.$id")}`);
      expect(data.status).toBe(503);
      expect(data.headers.get("x-remix-error") ?? data.headers.get("x-remix-catch")).not.toBeNull();
      expect(await data.text()).toMatch(/Layanan sedang tidak tersedia/);
      const posted = await fetch(`${origin}/t/${uncached.id}`, {
        method: "POST",
        headers: { origin, "content-type": "application/x-www-form-urlencoded" },
        body: "isi=halo",
      });
      await expectUnavailablePage(posted);
      // The thread read a moment ago is still in the cache.
      const fromCache = await fetch(`${origin}/t/${cached.id}`);
      expect(fromCache.status).toBe(200);
      expect(await fromCache.text()).toContain(cached.title);
    } finally {
      await pgProxy.up();
    }

    const healed = await fetch(`${origin}/t/${uncached.id}`);
    expect(healed.status).toBe(200);
    expect(await healed.text()).toContain(uncached.title);
    expect((await trpcGet("auth.me", undefined, { cookie: "aleph_session=0123456789abcdef0123456789abcdef" })).status).toBe(200);
  });

  it("answers many concurrent requests during the outage with 503, none with 500", async () => {
    const threads = await Promise.all(Array.from({ length: 5 }, () => newThread()));
    await pgProxy.down();
    try {
      const responses = await Promise.all(
        threads.flatMap((thread) => [fetch(`${origin}/t/${thread.id}`), trpcGet("thread.byId", { id: thread.id })]),
      );
      expect(responses.map((response) => response.status)).toEqual(responses.map(() => 503));
    } finally {
      await pgProxy.up();
    }
    expect((await trpcGet("thread.byId", { id: threads[0]!.id })).status).toBe(200);
  });
});

describe("MongoDB down", () => {
  it("answers procedures and pages with 503 quickly, and heals by itself", async () => {
    const thread = await newThread();
    const other = await newThread();
    await mongoProxy.down();
    try {
      const started = Date.now();
      const [procedure, page, notification] = await Promise.all([
        trpcGet("reply.listByThread", { threadId: thread.id, limit: 20 }),
        fetch(`${origin}/r/${other.id}`),
        // The payment webhook (plain Express): a 503 makes the gateway send the notification again.
        fetch(`${origin}/api/payments/notification`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          order_id: "ord_outage",
          status_code: "200",
          gross_amount: "10000.00",
          signature_key: "00",
          transaction_status: "settlement",
        }),
      }),
      ]);
      // MONGODB_TIMEOUT_MS (2.5 s by default), not Mongoose's 10 s buffer or a 30 s server selection.
      expect(Date.now() - started).toBeLessThan(6_000);
      await expectUnavailableProcedure(procedure);
      await expectUnavailablePage(page);
      expect(notification.status).toBe(503);
      expect(Number(notification.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await notification.text()).toMatch(/^Layanan sedang tidak tersedia/);
    } finally {
      await mongoProxy.up();
    }
    await expect.poll(async () => (await fetch(`${origin}/r/${other.id}`)).status, { timeout: 20_000, interval: 250 }).toBe(200);
    expect((await trpcGet("reply.listByThread", { threadId: thread.id, limit: 20 })).status).toBe(200);
  });
});

describe("Redis down", () => {
  it("keeps pages and procedures working from the database, without waiting on Redis", async () => {
    const thread = await newThread();
    await redisProxy.down();
    try {
      const started = Date.now();
      const page = await fetch(`${origin}/t/${thread.id}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(thread.title);
      expect((await trpcGet("category.list", undefined)).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await redisProxy.up();
    }
  });

  it("still rate-limits (in memory) and the cache still loads while Redis is unreachable", async () => {
    await redisProxy.down();
    try {
      const limiter = createRateLimiter("outage", { points: 2, durationSeconds: 60 }, { redis, keyPrefix: `outage:${randomBytes(4).toString("hex")}` });
      const started = Date.now();
      await limiter.consume("ip");
      await limiter.consume("ip");
      await expect(limiter.consume("ip")).rejects.toBeInstanceOf(RateLimitedError);
      expect(await createCache(redis).remember("outage", "k", 60, async () => "loaded")).toBe("loaded");
      await createCache(redis).invalidate("outage");
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await redisProxy.up();
    }
  });
});

describe("Redis not answering (connections open, nothing comes back)", () => {
  it("pages, cache and rate limits fall back to memory within the command timeout, then use Redis again", async () => {
    const thread = await newThread();
    redisProxy.stall();
    try {
      const started = Date.now();
      const page = await fetch(`${origin}/t/${thread.id}`);
      expect(page.status).toBe(200);
      const limiter = createRateLimiter("stall", { points: 1, durationSeconds: 60 }, { redis, keyPrefix: `stall:${randomBytes(4).toString("hex")}` });
      await limiter.consume("ip");
      await expect(limiter.consume("ip")).rejects.toBeInstanceOf(RateLimitedError);
      expect(Date.now() - started).toBeLessThan(8_000);
    } finally {
      await redisProxy.up();
    }
    await expect.poll(async () => redis?.ping().catch(() => "down"), { timeout: 15_000, interval: 250 }).toBe("PONG");
  });
});

describe("Redis down, passkeys", () => {
  it("keeps issuing and taking WebAuthn challenges, each still single-use", async () => {
    const { createChallengeStore } = await import("../modules/passkey/challenge-store.ts");
    const challenges = createChallengeStore(redis);
    const challenge = randomBytes(32).toString("base64url");
    await redisProxy.down();
    try {
      await challenges.remember(challenge, { kind: "login" });
      const taken = await Promise.all(Array.from({ length: 5 }, () => challenges.take(challenge)));
      expect(taken.filter(Boolean)).toEqual([{ kind: "login" }]);
    } finally {
      await redisProxy.up();
    }
  });
});

describe("no write is half-done", () => {
  it("a reply whose thread counter cannot be updated (PostgreSQL gone mid-write) is not kept", async () => {
    const { createReply } = await import("../modules/reply/service.ts");
    const thread = await newThread();
    const replies = Object.create(ReplyModel) as typeof ReplyModel;
    // PostgreSQL goes down right after MongoDB took the reply.
    replies.create = (async (...args: Parameters<typeof ReplyModel.create>) => {
      const created = await ReplyModel.create(...args);
      await pgProxy.down();
      return created;
    }) as typeof ReplyModel.create;
    try {
      await expect(
        createReply(
          { prisma: postgres.prisma, replies, onListsChanged: async () => {} },
          { id: author.id, username: "penulis" },
          { threadId: thread.id, content: "Balasan yang tidak boleh setengah jadi" },
        ),
      ).rejects.toBeTruthy();
    } finally {
      await pgProxy.up();
    }
    const stored = await ReplyModel.countDocuments({ threadId: String(thread.id), isDeleted: false });
    const counted = (await postgres.prisma.thread.findUniqueOrThrow({ where: { id: thread.id } })).replyCount;
    expect({ stored, counted }).toEqual({ stored: 0, counted: 0 });
  });

  it("a reply delete whose counter cannot be updated (PostgreSQL gone mid-write) is undone", async () => {
    const { createReply, deleteReply } = await import("../modules/reply/service.ts");
    const thread = await newThread();
    const deps = { prisma: postgres.prisma, replies: ReplyModel, onListsChanged: async () => {} };
    const reply = await createReply(deps, { id: author.id, username: "penulis" }, { threadId: thread.id, content: "Tetap ada" });
    const replies = Object.create(ReplyModel) as typeof ReplyModel;
    replies.findOneAndUpdate = ((...args: Parameters<typeof ReplyModel.findOneAndUpdate>) => {
      const query = ReplyModel.findOneAndUpdate(...args);
      const lean = query.lean.bind(query);
      return Object.assign(query, {
        lean: () => lean().then(async (found: unknown) => (await pgProxy.down(), found)),
      });
    }) as typeof ReplyModel.findOneAndUpdate;
    try {
      await expect(deleteReply({ ...deps, replies }, reply.id)).rejects.toBeTruthy();
    } finally {
      await pgProxy.up();
    }
    const stored = await ReplyModel.findById(reply.id).lean();
    const counted = (await postgres.prisma.thread.findUniqueOrThrow({ where: { id: thread.id } })).replyCount;
    expect({ isDeleted: stored?.isDeleted, counted }).toEqual({ isDeleted: false, counted: 1 });
    // The member's retry then deletes it, counted once.
    await deleteReply(deps, reply.id);
    expect((await postgres.prisma.thread.findUniqueOrThrow({ where: { id: thread.id } })).replyCount).toBe(0);
  });
});
