/** The two formats of every feed (server/modules/seo), and where each is: pages link them in their head. */
export type FeedFormat = "rss" | "atom";

const FEED_FILE: Record<FeedFormat, string> = { rss: "feed.xml", atom: "feed.atom" };

export const FEED_TYPE: Record<FeedFormat, string> = { rss: "application/rss+xml", atom: "application/atom+xml" };

/** The newest threads' feed at the root, a category's under its page (`/c/<slug>/feed.xml`). */
export function feedPath(format: FeedFormat, categorySlug?: string): string {
  return categorySlug ? `/c/${encodeURIComponent(categorySlug)}/${FEED_FILE[format]}` : `/${FEED_FILE[format]}`;
}
