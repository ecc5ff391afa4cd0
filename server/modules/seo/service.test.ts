import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCache } from "../../platform/cache.ts";
import { createForumTestDatabase, forumFixtures } from "../../testing/forum.ts";
import { forumSitemap, robotsTxt, sitemap, threadFeed, threadSitemap } from "./service.ts";

const ORIGIN = "https://forum.example";
const day = (n: number) => new Date(Date.UTC(2026, 2, n));

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let fixtures: ReturnType<typeof forumFixtures>;
let authorId: number;
let web: { id: number; slug: string };
/** Threads by what a crawler must (not) find. */
const threads: Record<"plain" | "hostile" | "hidden" | "deleted" | "withAuthor" | "archived", { id: number; slug: string }> = {} as never;

// A fresh cache per call: these tests change rows between reads without the writes that drop it.
const deps = () => ({ prisma: db.prisma, cache: createCache(null) });
const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((match) => match[1]!);

beforeAll(async () => {
  db = await createForumTestDatabase();
  fixtures = forumFixtures(db.prisma);
  const author = await fixtures.user({ username: "sitemap_budi" });
  authorId = author.id;
  web = await fixtures.category({ slug: "web-seo", name: "Web & <Frontend>" });
  const archivedCategory = await fixtures.category({ slug: "lama-seo" });
  await db.prisma.category.update({ where: { id: archivedCategory.id }, data: { archivedAt: day(1) } });
  threads.plain = await fixtures.thread({ categoryId: web.id, authorId, title: "Belajar Remix", createdAt: day(2), lastActivityAt: day(9) });
  threads.hostile = await fixtures.thread({
    categoryId: web.id,
    authorId,
    title: "</script><script>alert(1)</script> ]]> & ]]> \u0001",
    createdAt: day(3),
  });
  await db.prisma.thread.update({
    where: { id: threads.hostile.id },
    data: { summary: "", contentText: "Isi <b>tebal</b> ]]> dari O'Reilly" },
  });
  threads.hidden = await fixtures.thread({ categoryId: web.id, authorId, title: "Disembunyikan moderator", createdAt: day(4) });
  await db.prisma.thread.update({ where: { id: threads.hidden.id }, data: { hiddenAt: day(5) } });
  threads.withAuthor = await fixtures.thread({ categoryId: web.id, authorId, title: "Disembunyikan bersama penulis", createdAt: day(4) });
  await db.prisma.thread.update({ where: { id: threads.withAuthor.id }, data: { hiddenWithAuthor: true } });
  threads.deleted = await fixtures.thread({ categoryId: web.id, authorId, title: "Dihapus penulis", createdAt: day(4), isDeleted: true });
  threads.archived = await fixtures.thread({ categoryId: archivedCategory.id, authorId, title: "Di kategori arsip", createdAt: day(6) });
});
afterAll(() => db?.close());

const path = (thread: { id: number; slug: string }) => `${ORIGIN}/t/${thread.id}/${thread.slug}`;

describe("robots.txt", () => {
  it("keeps crawlers out of member, staff and API areas and names the absolute sitemap", () => {
    const robots = robotsTxt(ORIGIN);
    for (const area of ["/admin", "/api/", "/pengaturan", "/dompet", "/aleph", "/d/", "/s/", "/notifikasi", "/dokumen", "/luring"]) {
      expect(robots).toContain(`\nDisallow: ${area}\n`);
    }
    expect(robots).not.toMatch(/Disallow: \/[ctu]\//);
    expect(robots).toContain(`Sitemap: ${ORIGIN}/sitemap.xml`);
  });
});

describe("sitemap", () => {
  it("lists the home page, listed categories and visible threads, dated by last activity", async () => {
    const xml = await sitemap(deps(), ORIGIN);
    expect(xml).toContain("<urlset");
    const urls = locs(xml);
    expect(urls).toContain(`${ORIGIN}/`);
    expect(urls).toContain(`${ORIGIN}/c/web-seo`);
    // An archived category is out of the category list; its threads stay readable and listed.
    expect(urls).not.toContain(`${ORIGIN}/c/lama-seo`);
    expect(urls).toContain(path(threads.archived));
    expect(urls).toContain(path(threads.plain));
    expect(urls).toContain(path(threads.hostile));
    for (const gone of [threads.hidden, threads.withAuthor, threads.deleted]) {
      expect(xml).not.toContain(`/t/${gone.id}/`);
    }
    expect(xml).toContain(`<loc>${path(threads.plain)}</loc><lastmod>${day(9).toISOString()}</lastmod>`);
    expect(urls.every((url) => url.startsWith(`${ORIGIN}/`))).toBe(true);
  });

  it("becomes an index of pages once the URLs pass the page size, each page within it", async () => {
    // Ids 1.. in groups of 2: a page holds at most 2 threads, whatever ids are taken.
    const pageSize = 2;
    const index = await sitemap(deps(), ORIGIN, { pageSize });
    expect(index).toContain("<sitemapindex");
    expect(index).not.toContain("<urlset");
    const pages = locs(index);
    expect(pages[0]).toBe(`${ORIGIN}/sitemap-forum.xml`);
    const threadPages = pages.slice(1).map((url) => Number(/sitemap-threads-(\d+)\.xml$/.exec(url)?.[1]));
    expect(threadPages.length).toBeGreaterThan(0);

    const seen: string[] = [];
    for (const page of threadPages) {
      const xml = await threadSitemap(deps(), ORIGIN, page, { pageSize });
      const urls = locs(xml);
      expect(urls.length).toBeGreaterThan(0);
      expect(urls.length).toBeLessThanOrEqual(pageSize);
      seen.push(...urls);
    }
    const visible = [threads.plain, threads.hostile, threads.archived].map(path);
    expect(seen.sort()).toEqual(visible.sort());

    const forum = locs(await forumSitemap(deps(), ORIGIN));
    expect(forum).toEqual([`${ORIGIN}/`, `${ORIGIN}/c/web-seo`]);
  });

  it("answers not found for a page with no visible thread and for pages out of range", async () => {
    // The hidden thread's page: its group holds no visible thread (groups of one id).
    await expect(threadSitemap(deps(), ORIGIN, threads.hidden.id, { pageSize: 1 })).rejects.toThrow("sitemap");
    await expect(threadSitemap(deps(), ORIGIN, 0)).rejects.toThrow("sitemap");
    await expect(threadSitemap(deps(), ORIGIN, 999_999_999)).rejects.toThrow("sitemap");
    await expect(threadSitemap(deps(), ORIGIN, threads.plain.id, { pageSize: 1 })).resolves.toContain(path(threads.plain));
  });
});

describe("feeds", () => {
  it("carries the newest visible threads with absolute links, author and date, never hidden ones", async () => {
    const rss = await threadFeed(deps(), ORIGIN, "rss");
    expect(rss).toContain('<rss version="2.0"');
    expect(rss).toContain(`<link>${path(threads.plain)}</link>`);
    expect(rss).toContain(`<guid isPermaLink="false">${ORIGIN}/t/${threads.plain.id}</guid>`);
    expect(rss).toContain(`<pubDate>${day(2).toUTCString()}</pubDate>`);
    expect(rss).toContain("<author>sitemap_budi</author>");
    expect(rss).toContain("Ringkasan Belajar Remix");
    for (const title of ["Disembunyikan moderator", "Disembunyikan bersama penulis", "Dihapus penulis"]) {
      expect(rss).not.toContain(title);
    }
    // Newest first: the thread of the archived category (day 6) before the plain one (day 2).
    expect(rss.indexOf("Di kategori arsip")).toBeLessThan(rss.indexOf("Belajar Remix"));

    const atom = await threadFeed(deps(), ORIGIN, "atom");
    expect(atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(atom).toContain(`<link href="${path(threads.plain)}"/>`);
    expect(atom).toContain(`<link rel="self" href="${ORIGIN}/feed.atom"/>`);
    expect(atom).toContain("<name>sitemap_budi</name>");
    expect(atom).toContain(`<uri>${ORIGIN}/u/sitemap_budi</uri>`);
    expect(atom).not.toContain("Disembunyikan");
  });

  it("escapes member text: no markup, no early end of CDATA, no character XML forbids", async () => {
    for (const format of ["rss", "atom"] as const) {
      const xml = await threadFeed(deps(), ORIGIN, format);
      expect(xml).not.toContain("<script>");
      expect(xml).not.toContain("</script>");
      expect(xml).not.toContain("\u0001");
      expect(xml).toContain("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; ]]&gt;");
      // Without a written summary, the start of the thread's text, escaped the same way.
      expect(xml).toContain("Isi &lt;b&gt;tebal&lt;/b&gt; ]]&gt; dari O&#39;Reilly");
      // Every CDATA section opened is closed once, by its own end.
      const opened = xml.split("<![CDATA[").length - 1;
      expect(xml.split("]]>").length - 1).toBe(opened);
      // The category name is plain text in the feed: escaped by the XML writer.
      const category = await threadFeed(deps(), ORIGIN, format, "web-seo");
      expect(category).toContain("Web &amp; &lt;Frontend&gt; · Alephdraad");
    }
  });

  it("has one feed per category, an archived one too; an unknown category has none", async () => {
    const web = await threadFeed(deps(), ORIGIN, "rss", "web-seo");
    expect(web).toContain("Belajar Remix");
    expect(web).not.toContain("Di kategori arsip");
    expect(web).toContain(`<link>${ORIGIN}/c/web-seo</link>`);
    const archived = await threadFeed(deps(), ORIGIN, "atom", "lama-seo");
    expect(archived).toContain("Di kategori arsip");
    expect(archived).not.toContain("Belajar Remix");
    await expect(threadFeed(deps(), ORIGIN, "rss", "tidak-ada")).rejects.toThrow("Kategori tidak ditemukan.");
  });
});
