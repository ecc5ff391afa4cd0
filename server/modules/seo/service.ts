import { Feed } from "feed";
import type { Cache } from "../../platform/cache.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { NotFoundError } from "../../platform/errors.ts";
import { getCategories, getCategory } from "../category/service.ts";
import { cachedForumRead } from "../forum-cache.ts";
import {
  listSitemapThreads,
  listThreads,
  sitemapThreadGroups,
  visibleThreadExcerpts,
  type SitemapThread,
} from "../thread/service.ts";
import { feedPath, type FeedFormat } from "../../../shared/feed-paths.ts";
import { escapeXml, feedHtmlText, feedPlainText } from "./xml.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/**
 * What search engines and feed readers read: robots.txt, the sitemap and the RSS/Atom feeds.
 * Every URL in them is absolute, built on the origin the caller passes (the platform's
 * publicOriginOf, from APP_URL in production), and they list only what the forum's own lists
 * show: visible threads (thread/service.ts) and the categories of the category list.
 */

export interface SeoDeps {
  prisma: Prisma;
  cache: Cache;
}

const SITE_NAME = "Alephdraad";
const SITE_DESCRIPTION = "Komunitas developer Indonesia untuk berbagi ilmu, bertanya dan berdiskusi.";

/** The sitemap protocol's cap on URLs in one file (and on sitemaps in one index). */
export const SITEMAP_PAGE_SIZE = 50_000;

/** Entries of a feed: enough for a reader polling every hour on a busy day. */
export const FEED_LENGTH = 30;

/**
 * Areas of members, staff and programs: nothing there is public content, and following their
 * links would only find sign-in pages. Prefixes, as robots.txt matches them.
 */
const DISALLOWED = [
  "/admin",
  "/api/",
  "/aleph",
  "/pengaturan",
  "/dompet",
  "/notifikasi",
  "/dokumen",
  "/d/",
  "/s/",
  "/tulis",
  "/laporkan",
  "/laporan-saya",
  "/masuk",
  "/daftar",
  "/keluar",
  "/lupa-sandi",
  "/atur-ulang-sandi",
  "/verifikasi-email",
  "/captcha",
  "/cari",
  // The service worker's offline page: about this device, not the forum.
  "/luring",
  "/dev/",
  "/sandbox-gateway",
  "/healthz",
  "/readyz",
  "/metrics",
];

export const SITEMAP_PATH = "/sitemap.xml";
export const FORUM_SITEMAP_PATH = "/sitemap-forum.xml";
/** `/sitemap-threads-<n>.xml`, n from 1: the threads of id group n - 1 (sitemapThreadGroups). */
export const threadSitemapPath = (page: number) => `/sitemap-threads-${page}.xml`;


const threadPath = (thread: { id: number; slug: string }) => `/t/${thread.id}/${encodeURIComponent(thread.slug)}`;
const categoryPath = (slug: string) => `/c/${encodeURIComponent(slug)}`;

export function robotsTxt(origin: string): string {
  return [
    "User-agent: *",
    "Allow: /",
    ...DISALLOWED.map((path) => `Disallow: ${path}`),
    "",
    `Sitemap: ${origin}${SITEMAP_PATH}`,
    "",
  ].join("\n");
}

interface SitemapUrl {
  path: string;
  lastModified: Date | null;
}

function urlset(origin: string, urls: SitemapUrl[]): string {
  const entries = urls.map(
    (url) =>
      `<url><loc>${escapeXml(origin + url.path)}</loc>${url.lastModified ? `<lastmod>${url.lastModified.toISOString()}</lastmod>` : ""}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join("\n")}\n</urlset>\n`;
}

function sitemapIndex(origin: string, sitemaps: SitemapUrl[]): string {
  const entries = sitemaps.map(
    (sitemap) =>
      `<sitemap><loc>${escapeXml(origin + sitemap.path)}</loc>${sitemap.lastModified ? `<lastmod>${sitemap.lastModified.toISOString()}</lastmod>` : ""}</sitemap>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join("\n")}\n</sitemapindex>\n`;
}

const newest = (dates: (Date | null)[]): Date | null =>
  dates.reduce<Date | null>((latest, date) => (date && (!latest || date > latest) ? date : latest), null);

/** The home page and the listed (not archived) categories, each dated by its newest activity. */
async function forumUrls(deps: SeoDeps, homeLastModified: Date | null): Promise<SitemapUrl[]> {
  const categories = await getCategories(deps);
  return [
    { path: "/", lastModified: homeLastModified },
    ...categories.map((category) => ({ path: categoryPath(category.slug), lastModified: category.lastActivityAt })),
  ];
}

const threadUrls = (threads: SitemapThread[]): SitemapUrl[] =>
  threads.map((thread) => ({ path: threadPath(thread), lastModified: thread.lastActivityAt }));

export interface SitemapOptions {
  /** URLs per file; SITEMAP_PAGE_SIZE unless a test wants pages of a few. */
  pageSize?: number;
}

/**
 * `/sitemap.xml`: every URL in one file while they fit in a page, else an index of the forum
 * sitemap (home and categories) and one sitemap per non-empty group of thread ids.
 */
export function sitemap(deps: SeoDeps, origin: string, { pageSize = SITEMAP_PAGE_SIZE }: SitemapOptions = {}): Promise<string> {
  return cachedForumRead(deps.cache, `seo:sitemap:${pageSize}:${origin}`, async () => {
    const [groups, categories] = await Promise.all([sitemapThreadGroups(deps.prisma, pageSize), getCategories(deps)]);
    const threadCount = groups.reduce((sum, group) => sum + group.count, 0);
    const lastActivity = newest(groups.map((group) => group.lastActivityAt));
    if (1 + categories.length + threadCount <= pageSize) {
      const threads = await listSitemapThreads(deps.prisma, { fromId: 1, toId: 2 ** 31 - 1, limit: pageSize - 1 - categories.length });
      return urlset(origin, [...(await forumUrls(deps, lastActivity)), ...threadUrls(threads)]);
    }
    return sitemapIndex(origin, [
      { path: FORUM_SITEMAP_PATH, lastModified: newest(categories.map((category) => category.lastActivityAt)) },
      ...groups.map((group) => ({ path: threadSitemapPath(group.group + 1), lastModified: group.lastActivityAt })),
    ]);
  });
}

/** `/sitemap-forum.xml`: the home page and the categories. */
export function forumSitemap(deps: SeoDeps, origin: string): Promise<string> {
  return cachedForumRead(deps.cache, `seo:sitemap-forum:${origin}`, async () => {
    const groups = await sitemapThreadGroups(deps.prisma, SITEMAP_PAGE_SIZE);
    return urlset(origin, await forumUrls(deps, newest(groups.map((group) => group.lastActivityAt))));
  });
}

const sitemapPageNotFound = () => new NotFoundError(m.error_seo_sitemapPageNotFound());

/** `/sitemap-threads-<page>.xml`: the visible threads of one id group; NotFoundError when it has none. */
export async function threadSitemap(
  deps: SeoDeps,
  origin: string,
  page: number,
  { pageSize = SITEMAP_PAGE_SIZE }: SitemapOptions = {},
): Promise<string> {
  // Thread ids are PostgreSQL integers: no page past the last one that can hold any.
  if (!Number.isSafeInteger(page) || page < 1 || (page - 1) * pageSize >= 2 ** 31 - 1) throw sitemapPageNotFound();
  const xml = await cachedForumRead(deps.cache, `seo:sitemap-threads:${pageSize}:${page}:${origin}`, async () => {
    const threads = await listSitemapThreads(deps.prisma, { fromId: (page - 1) * pageSize + 1, toId: page * pageSize, limit: pageSize });
    return threads.length === 0 ? null : urlset(origin, threadUrls(threads));
  });
  if (xml === null) throw sitemapPageNotFound();
  return xml;
}

/**
 * The newest visible threads as RSS 2.0 or Atom, of one category (NotFoundError when there is
 * none; an archived one keeps its feed, as its page) or of the whole forum. Each entry: the
 * title, the thread's address, its author, when it was written and its summary (or the start of
 * its text); every piece of member text escaped (xml.ts).
 */
export function threadFeed(deps: SeoDeps, origin: string, format: FeedFormat, categorySlug?: string): Promise<string> {
  return cachedForumRead(deps.cache, `seo:feed:${format}:${categorySlug ?? "*"}:${origin}`, async () => {
    const category = categorySlug ? await getCategory(deps, categorySlug) : null;
    const page = await listThreads(deps.prisma, { categorySlug, sort: "newest", limit: FEED_LENGTH });
    const excerpts = await visibleThreadExcerpts(
      deps.prisma,
      page.items.filter((thread) => !thread.summary).map((thread) => thread.id),
    );
    const home = `${origin}${category ? categoryPath(category.slug) : "/"}`;
    const feed = new Feed({
      id: home,
      title: feedPlainText(category ? `${category.name} · ${SITE_NAME}` : SITE_NAME),
      description: feedPlainText(category?.description || SITE_DESCRIPTION),
      link: home,
      language: "id",
      updated: page.items[0]?.createdAt ?? new Date(0),
      generator: SITE_NAME,
      feedLinks: { rss: `${origin}${feedPath("rss", categorySlug)}`, atom: `${origin}${feedPath("atom", categorySlug)}` },
      copyright: `© ${SITE_NAME}`,
    });
    for (const thread of page.items) {
      const summary = thread.summary || excerpts.get(thread.id) || "";
      feed.addItem({
        // The short address stays when an edit of the title changes the slug: readers see one entry.
        id: `${origin}/t/${thread.id}`,
        title: feedHtmlText(thread.title),
        link: `${origin}${threadPath(thread)}`,
        date: thread.createdAt,
        published: thread.createdAt,
        description: summary ? feedHtmlText(summary) : undefined,
        author: [{ name: feedPlainText(thread.author.username), link: `${origin}/u/${encodeURIComponent(thread.author.username)}` }],
      });
    }
    return format === "rss" ? feed.rss2() : feed.atom1();
  });
}
