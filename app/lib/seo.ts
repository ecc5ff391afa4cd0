import type { MetaDescriptor } from "@remix-run/node";
import { excerptOf } from "../../shared/excerpt.ts";
import { FEED_TYPE, feedPath } from "../../shared/feed-paths.ts";
import { replyAnchor } from "../../shared/reply-anchor.ts";

/**
 * What pages tell search engines and feed readers in their head: the canonical address, the
 * feeds, and a thread's structured data. Every URL is absolute, on the public origin the root
 * loader passes (server/platform/public-origin.ts: APP_URL in production, never the Host header).
 */

/** The public origin from the root route's data, as a meta function sees it; null on error pages. */
export function originOf(matches: readonly { id: string; data: unknown }[]): string | null {
  const root = matches.find((match) => match.id === "root")?.data as { origin?: unknown } | undefined;
  return typeof root?.origin === "string" ? root.origin : null;
}

/** `<link rel="canonical">` to `path` on the origin: one address per page, whatever its query string. */
export function canonicalLink(origin: string, path: string): MetaDescriptor {
  return { tagName: "link", rel: "canonical", href: new URL(path, origin).href };
}

/** `<link rel="alternate">` to the RSS and Atom feeds of the newest threads, or of one category. */
export function feedLinks(origin: string, title: string, categorySlug?: string): MetaDescriptor[] {
  return (["rss", "atom"] as const).map((format) => ({
    tagName: "link",
    rel: "alternate",
    type: FEED_TYPE[format],
    title,
    href: new URL(feedPath(format, categorySlug), origin).href,
  }));
}

/** Replies the structured data names: enough for a snippet, little enough for the page weight. */
const COMMENTS_IN_DATA = 5;
const COMMENT_EXCERPT_LENGTH = 300;

interface PostingThread {
  title: string;
  summary: string;
  excerpt: string;
  replyCount: number;
  createdAt: string;
  updatedAt: string;
  category: { name: string };
  author: { username: string };
}

interface PostingReply {
  id: string;
  username: string;
  content: string;
  isDeleted: boolean;
  isHidden: boolean;
  createdAt: string;
}

const person = (origin: string, username: string) => ({
  "@type": "Person",
  name: username,
  url: new URL(`/u/${encodeURIComponent(username)}`, origin).href,
});

const counter = (action: string, count: number) => ({
  "@type": "InteractionCounter",
  interactionType: `https://schema.org/${action}`,
  userInteractionCount: count,
});

/**
 * A thread page's `DiscussionForumPosting` (schema.org) as a meta descriptor: Remix renders it in
 * `<script type="application/ld+json">` with `<`, `>` and `&` escaped as \u003c…, so no title can
 * end the script; a data block runs nothing, so it needs no CSP nonce.
 */
export function discussionForumPosting(input: {
  origin: string;
  url: string;
  thread: PostingThread;
  replies: readonly PostingReply[];
  likeCount: number;
}): MetaDescriptor {
  const { origin, url, thread } = input;
  const comments = input.replies
    .filter((reply) => !reply.isDeleted && !reply.isHidden && reply.content)
    .slice(0, COMMENTS_IN_DATA)
    .map((reply) => ({
      "@type": "Comment",
      url: `${url}#${replyAnchor(reply.id)}`,
      text: excerptOf(reply.content, COMMENT_EXCERPT_LENGTH),
      author: person(origin, reply.username),
      datePublished: reply.createdAt,
    }));
  return {
    "script:ld+json": {
      "@context": "https://schema.org",
      "@type": "DiscussionForumPosting",
      "@id": url,
      url,
      mainEntityOfPage: url,
      headline: thread.title,
      text: thread.excerpt || thread.summary || thread.title,
      articleSection: thread.category.name,
      author: person(origin, thread.author.username),
      datePublished: thread.createdAt,
      dateModified: thread.updatedAt,
      interactionStatistic: [counter("CommentAction", thread.replyCount), counter("LikeAction", input.likeCount)],
      ...(comments.length > 0 ? { comment: comments } : {}),
    },
  };
}
