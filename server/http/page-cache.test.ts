import { existsSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, type Runtime } from "../app-services.ts";
import { env as loadEnv, parseEnv } from "../platform/env.ts";
import { prepareJobQueue } from "../platform/jobs.ts";
import { createLogger } from "../platform/logger.ts";
import { createMetrics } from "../platform/metrics.ts";
import { createPageStore, pageBody, storePage } from "../platform/page-cache.ts";
import { createRedis } from "../platform/redis.ts";
import { createForumTestDatabase, createTestAdmin, forumFixtures, testCaller } from "../testing/forum.ts";
import { connectTestMongo, type TestMongo } from "../testing/mongo.ts";
import { requestCallers } from "../testing/request-caller.ts";
import { createHttpApp } from "./app.ts";

/*
 * The anonymous page cache (docs/decisions/0014) through the real Remix build (run `npx remix
 * build` first), on two servers sharing one Redis as two production processes do: a write through
 * one is seen on the other's very next request, a member's page is never kept or given to anyone,
 * and no two responses carry one script nonce.
 */

const buildPath = path.resolve("build/index.js");
const redis = createRedis(loadEnv().REDIS_URL);
let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: TestMongo;
const servers: Server[] = [];
let writer: { origin: string; runtime: Runtime };
let reader: { origin: string; runtime: Runtime };
let author: { id: number; username: string };
let categorySlug: string;
let categoryId: number;
let threadId: number;

async function site() {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  servers.push(server);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const runtime = createRuntime({
    env: parseEnv({ APP_URL: origin, CAPTCHA_ENABLED: "false", RATE_LIMIT_ENABLED: "false" }),
    logger: createLogger({ level: "silent" }),
    metrics: createMetrics(),
    prisma: db.prisma,
    redis,
  });
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  server.on("request", createHttpApp({ runtime, build, readinessChecks: [], publicDir: "public" }));
  return { origin, runtime };
}

beforeAll(async () => {
  if (!existsSync(buildPath)) throw new Error("build/index.js is missing: run `npx remix build` first");
  if (!redis) throw new Error("these tests need the suite's Redis (REDIS_URL)");
  [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  await prepareJobQueue(db.url, createLogger({ level: "silent" }));
  [writer, reader] = await Promise.all([site(), site()]);
  const fixtures = forumFixtures(db.prisma);
  const category = await fixtures.category({ name: "Kategori Awal" });
  categorySlug = category.slug;
  categoryId = category.id;
  author = await fixtures.user();
  threadId = (await as(author).thread.create({
    title: "Thread tentang cache halaman",
    summary: "Ringkasan",
    categorySlug,
    contentJson: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Isi thread." }] }] },
  })).id;
});
afterAll(async () => {
  for (const server of servers) server.close();
  await Promise.all([db?.close(), mongo?.drop()]);
  await redis?.quit();
});

/** The router as `user`, through the writing server's runtime (its cache and live bus). */
const as = (user: { id: number; username: string }) => testCaller(db.prisma, user, { runtime: writer.runtime });

async function get(origin: string, pathname: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${origin}${pathname}`, { headers, redirect: "manual" });
  return { response, html: await response.text(), state: response.headers.get("x-page-cache") };
}

const topic = () => `/t/${threadId}/thread-tentang-cache-halaman`;

/** The page served from the cache on the reading server, then the write, then the reader's next answer. */
async function afterWrite(pathname: string, write: () => Promise<unknown>) {
  await get(reader.origin, pathname);
  const cached = await get(reader.origin, pathname);
  expect(cached.state).toBe("hit");
  await write();
  const next = await get(reader.origin, pathname);
  expect(next.state).toBe("miss");
  return next;
}

describe("anonymous pages are served from the cache", () => {
  it("keeps the topic, home and category pages, and gives the same page again", async () => {
    for (const pathname of [topic(), "/", `/c/${categorySlug}`]) {
      const first = await get(reader.origin, pathname);
      expect(first.response.status).toBe(200);
      const second = await get(reader.origin, pathname);
      expect(second.state).toBe("hit");
      const nonceOf = (response: Response) => /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")![1]!;
      expect(second.html.replaceAll(nonceOf(second.response), "N")).toBe(first.html.replaceAll(nonceOf(first.response), "N"));
    }
  });
});

describe("every write that changes a page invalidates it before the writer's answer", () => {
  it("reply create, edit and delete", async () => {
    let reply!: { id: string };
    let page = await afterWrite(topic(), async () => {
      reply = await as(author).reply.create({ threadId, content: "Balasan pertama yang baru" });
    });
    expect(page.html).toContain("Balasan pertama yang baru");
    page = await afterWrite(topic(), () => as(author).reply.update({ id: reply.id, content: "Balasan yang sudah diubah" }));
    expect(page.html).toContain("Balasan yang sudah diubah");
    page = await afterWrite(topic(), () => as(author).reply.delete({ id: reply.id }));
    expect(page.html).not.toContain("Balasan yang sudah diubah");
  });

  it("thread edit (a move to another category included) and delete, on the topic, home and category pages", async () => {
    const other = await forumFixtures(db.prisma).category({ name: "Kategori Tujuan" });
    const own = (await as(author).thread.create({
      title: "Judul lama",
      summary: "Ringkasan",
      categorySlug,
      contentJson: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Isi." }] }] },
    })).id;
    const edit = () =>
      as(author).thread.update({
        id: own,
        title: "Judul baru sekali",
        summary: "Ringkasan",
        categorySlug: other.slug,
        contentJson: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Isi." }] }] },
      });
    await get(reader.origin, `/t/${own}/judul-lama`);
    await get(reader.origin, `/c/${other.slug}`);
    const page = await afterWrite("/", edit);
    expect(page.html).toContain("Judul baru sekali");
    expect((await get(reader.origin, `/t/${own}/judul-baru-sekali`)).html).toContain("Judul baru sekali");
    expect((await get(reader.origin, `/c/${other.slug}`)).html).toContain("Judul baru sekali");
    const gone = await afterWrite("/", () => as(author).thread.delete({ id: own }));
    expect(gone.html).not.toContain("Judul baru sekali");
  });

  it("reaction counts", async () => {
    const fan = await forumFixtures(db.prisma).user();
    const page = await afterWrite(topic(), () => as(fan).reaction.toggle({ threadId, type: "fire" }));
    expect(page.html).toMatch(/\\?"fire\\?":1/);
  });

  it("moderation hide and unhide", async () => {
    const reply = await as(author).reply.create({ threadId, content: "Balasan yang akan disembunyikan" });
    const admin = testCaller(db.prisma, null, { admin: await createTestAdmin(db.prisma), runtime: writer.runtime });
    let page = await afterWrite(topic(), () => admin.moderation.content.hide({ targetType: "reply", targetId: reply.id, note: "" }));
    expect(page.html).not.toContain("Balasan yang akan disembunyikan");
    page = await afterWrite(topic(), () => admin.moderation.content.unhide({ targetType: "reply", targetId: reply.id, note: "" }));
    expect(page.html).toContain("Balasan yang akan disembunyikan");
  });

  it("category changes", async () => {
    const admin = testCaller(db.prisma, null, { admin: await createTestAdmin(db.prisma), runtime: writer.runtime });
    const page = await afterWrite(`/c/${categorySlug}`, () =>
      admin.admin.categories.update({ id: categoryId, name: "Kategori Berganti Nama", slug: categorySlug, description: "", color: "#64748b", icon: "" }),
    );
    expect(page.html).toContain("Kategori Berganti Nama");
  });

  it("a username shown on the page", async () => {
    const page = await afterWrite(topic(), () => as(author).user.updateProfile({ username: `${author.username}-baru` }));
    expect(page.html).toContain(`${author.username}-baru`);
    author = { ...author, username: `${author.username}-baru` };
  });

  it("holds under reads racing the writes: no read that starts after a write's answer sees the page before it", async () => {
    for (let round = 0; round < 6; round += 1) {
      const text = `Balasan balapan ${round}`;
      const racing = Array.from({ length: 8 }, () => get(reader.origin, topic()));
      await as(author).reply.create({ threadId, content: text });
      const [after, ...others] = await Promise.all([get(reader.origin, topic()), get(writer.origin, topic()), ...racing]);
      expect(after.html).toContain(text);
      expect(others[0]!.html).toContain(text);
    }
  });
});

describe("a member's page is never kept nor shared", () => {
  it("renders a signed-in page for its member alone, marked private, and keeps the anonymous one apart", async () => {
    const member = await forumFixtures(db.prisma).user();
    const { cookie } = await requestCallers(db.prisma, {}, redis).sessionHeaders(member.id);
    await get(reader.origin, topic());
    for (let index = 0; index < 2; index += 1) {
      const mine = await get(reader.origin, topic(), { cookie: `theme=dark; ${cookie}` });
      expect(mine.state).toBeNull();
      expect(mine.response.headers.get("cache-control")).toBe("private, no-store");
      expect(mine.html).toContain(member.username);
    }
    const anonymous = await get(reader.origin, topic());
    expect(anonymous.state).toBe("hit");
    expect(anonymous.html).not.toContain(member.username);
    expect(anonymous.response.headers.get("cache-control")).toBe("private, no-cache");
    // A cookie the cache does not know (a forged session, a device cookie) is never answered from it.
    expect((await get(reader.origin, topic(), { cookie: "aleph_session=forged" })).state).toBeNull();
    // Nor a data request, nor one with credentials in a header.
    expect((await get(reader.origin, `${topic()}?_data=root`)).state).toBeNull();
    expect((await get(reader.origin, topic(), { authorization: "Bearer nothing" })).state).toBeNull();
  });

  it("keys the page by the theme cookie and by the Host header (a lying Host fills only its own entries)", async () => {
    const dark = await get(reader.origin, "/", { cookie: "theme=dark" });
    expect(dark.html).toMatch(/<html[^>]*class="dark"/);
    const plain = await get(reader.origin, "/");
    expect(plain.html).not.toMatch(/<html[^>]*class="dark"/);
    // fetch() sends the real Host whatever it is told: a plain request lies.
    const lying = await new Promise<string | undefined>((resolve, reject) => {
      const url = new URL(reader.origin);
      request({ host: url.hostname, port: url.port, path: "/", headers: { host: "evil.example" } }, (response) => {
        response.resume();
        resolve(response.headers["x-page-cache"] as string | undefined);
      }).on("error", reject).end();
    });
    expect(lying).toBe("miss");
  });

  it("keys the page by its language: Accept-Language and the locale cookie never get another language's page", async () => {
    const indonesian = await get(reader.origin, "/", { "accept-language": "id-ID,id;q=0.9" });
    expect(indonesian.html).toMatch(/<html[^>]*lang="id"/);
    await get(reader.origin, "/", { "accept-language": "en-GB,en;q=0.9" });
    const english = await get(reader.origin, "/", { "accept-language": "en-US" });
    expect(english.state).toBe("hit");
    expect(english.html).toMatch(/<html[^>]*lang="en"/);
    // The cookie outranks the header, and a page chosen by it is a page anyone choosing it may share.
    const chosen = await get(reader.origin, "/", { "accept-language": "en-US", cookie: "locale=id" });
    expect(chosen.html).toMatch(/<html[^>]*lang="id"/);
    expect(chosen.state).toBe("hit");
    const again = await get(reader.origin, "/", { "accept-language": "id", cookie: "theme=light; locale=en" });
    expect(again.html).toMatch(/<html[^>]*lang="en"/);
  });
});

describe("no two responses share a script nonce", () => {
  it("gives each hit its own nonce, in the policy and every script, gzip-encoded or not", async () => {
    await get(reader.origin, topic());
    const answers = await Promise.all([
      get(reader.origin, topic()),
      get(reader.origin, topic()),
      fetch(`${reader.origin}${topic()}`, { headers: { "accept-encoding": "identity" } }).then(async (response) => ({ response, html: await response.text() })),
    ]);
    const nonces = answers.map(({ response, html }) => {
      const policy = response.headers.get("content-security-policy") ?? "";
      expect(policy).toMatch(/script-src 'strict-dynamic' 'nonce-[A-Za-z0-9+/=]{24}'/);
      expect(policy.split(";").find((part) => part.trim().startsWith("script-src"))).not.toContain("unsafe-inline");
      const nonce = /'nonce-([^']+)'/.exec(policy)![1]!;
      // Every script a browser runs (JSON-LD is data, not run).
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]).filter((tag) => !tag.includes("application/ld+json"));
      expect(scripts.length).toBeGreaterThan(1);
      for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
      return nonce;
    });
    expect(new Set(nonces).size).toBe(3);
    for (const [index, { html }] of answers.entries()) {
      for (const other of nonces.filter((_, at) => at !== index)) expect(html).not.toContain(other);
    }
  });

  it("builds valid gzip around any nonce, and a store keeps nothing of an older generation", async () => {
    const body = Buffer.from(`<p>a</p><script nonce="N0NCE">1</script>${"x".repeat(100_000)}<script nonce="N0NCE">2</script>`);
    const page = storePage(200, [], body, "N0NCE");
    expect(gunzipSync(pageBody(page, "abc+/=", true)).toString()).toBe(body.toString().replaceAll("N0NCE", "abc+/="));
    expect(pageBody(page, "zz", false).toString()).toBe(body.toString().replaceAll("N0NCE", "zz"));

    // A render that started before an invalidation finishes after it: the newer generation never sees it.
    const store = createPageStore();
    let finish!: () => void;
    const slow = store.get("7", "/", () => new Promise((resolve) => (finish = () => resolve(page))));
    const fresh = storePage(200, [], Buffer.from("baru"), "N0NCE");
    expect(await store.get("8", "/", async () => fresh)).toBe(fresh);
    finish();
    await slow;
    expect(await store.get("8", "/", async () => null)).toBe(fresh);
    expect(await store.get("7", "/", async () => null)).toBeNull();
  });
});
