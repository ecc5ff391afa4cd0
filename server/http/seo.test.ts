import { request } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import type { Request } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createForumTestDatabase, forumFixtures } from "../testing/forum.ts";
import { startTestHttpApp } from "../testing/http.ts";
import { routeLabeller } from "./route-label.ts";

/*
 * robots.txt, the sitemap and the feeds as crawlers get them from the real Express app: their
 * types and caching, and absolute URLs from APP_URL whatever Host a request claims.
 */

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let production: Awaited<ReturnType<typeof startTestHttpApp>>;
let development: Awaited<ReturnType<typeof startTestHttpApp>>;
let thread: { id: number; slug: string };

const lying = { host: "evil.example", "x-forwarded-host": "evil.example", origin: "https://evil.example" };

/** A GET with exactly these headers (fetch replaces Host with the URL's). */
function get(url: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => (response.statusCode === 200 ? resolve(body) : reject(new Error(`${url}: ${response.statusCode}`))));
    })
      .on("error", reject)
      .end();
  });
}

beforeAll(async () => {
  db = await createForumTestDatabase();
  const fixtures = forumFixtures(db.prisma);
  const author = await fixtures.user({ username: "http_seo" });
  const category = await fixtures.category({ slug: "http-seo" });
  thread = await fixtures.thread({ categoryId: category.id, authorId: author.id, title: "Thread untuk crawler", createdAt: new Date() });
  [production, development] = await Promise.all([
    startTestHttpApp(db.prisma, { NODE_ENV: "production", APP_URL: "https://forum.example", TRUST_PROXY: "loopback" }),
    startTestHttpApp(db.prisma),
  ]);
});
afterAll(async () => {
  await Promise.all([production?.close(), development?.close()]);
  await db?.close();
});

describe("crawler documents over HTTP", () => {
  it("answers each with its type and a short public cache life", async () => {
    const expected: Record<string, string> = {
      "/robots.txt": "text/plain; charset=utf-8",
      "/sitemap.xml": "application/xml; charset=utf-8",
      "/sitemap-forum.xml": "application/xml; charset=utf-8",
      "/feed.xml": "application/rss+xml; charset=utf-8",
      "/feed.atom": "application/atom+xml; charset=utf-8",
      "/c/http-seo/feed.xml": "application/rss+xml; charset=utf-8",
      "/c/http-seo/feed.atom": "application/atom+xml; charset=utf-8",
    };
    for (const [path, type] of Object.entries(expected)) {
      const response = await fetch(`${production.origin}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type"), path).toBe(type);
      expect(response.headers.get("cache-control"), path).toBe("public, max-age=300");
    }
  });

  it("builds every URL on APP_URL in production, never on a lying Host header", async () => {
    for (const path of ["/robots.txt", "/sitemap.xml", "/feed.xml", "/feed.atom", "/c/http-seo/feed.xml"]) {
      const body = await get(`${production.origin}${path}`, lying);
      expect(body, path).toContain("https://forum.example/");
      expect(body, path).not.toContain("evil.example");
      expect(body, path).not.toContain("127.0.0.1");
    }
    const sitemap = await get(`${production.origin}/sitemap.xml`, lying);
    expect(sitemap).toContain(`<loc>https://forum.example/t/${thread.id}/${thread.slug}</loc>`);
  });

  it("without APP_URL outside production, names this machine only", async () => {
    const robots = await get(`${development.origin}/robots.txt`, lying);
    expect(robots).toMatch(/^Sitemap: http:\/\/localhost:\d+\/sitemap\.xml$/m);
    const own = await (await fetch(`${development.origin}/robots.txt`)).text();
    expect(own).toContain(`Sitemap: ${development.origin}/sitemap.xml`);
  });

  it("answers 404 for an unknown category's feed and a sitemap page that lists nothing", async () => {
    for (const path of ["/c/tidak-ada/feed.xml", "/c/tidak-ada/feed.atom", "/sitemap-threads-99999.xml", "/sitemap-threads-0.xml"]) {
      const response = await fetch(`${production.origin}${path}`);
      expect(response.status, path).toBe(404);
    }
  });

  it("labels their metrics from a closed set: no series per category or sitemap page", () => {
    const label = routeLabeller({ routes: {} } as unknown as ServerBuild, []);
    const at = (path: string) => label({ originalUrl: path } as Request);
    expect(at("/robots.txt")).toBe("/robots.txt");
    expect(at("/sitemap-threads-17.xml")).toBe("/sitemap-threads-:page.xml");
    expect(at("/c/web-development/feed.atom")).toBe("/c/:slug/feed.atom");
    expect(at("/c/a/b/feed.xml")).toBe("unmatched");
    expect(at("/sitemap-threads-x.xml")).toBe("unmatched");
  });
});
