import { describe, expect, it } from "vitest";
import { canonicalLink, discussionForumPosting, feedLinks, originOf } from "./seo.ts";

const origin = "https://forum.example";
const url = `${origin}/t/7/belajar-remix`;
const thread = {
  title: "Belajar Remix",
  summary: "",
  excerpt: "Isi thread.",
  replyCount: 9,
  createdAt: "2026-03-01T00:00:00.000Z",
  updatedAt: "2026-03-02T00:00:00.000Z",
  category: { name: "Web" },
  author: { username: "budi dev" },
};
const reply = (n: number, extra: { isDeleted?: boolean; isHidden?: boolean } = {}) => ({
  id: `rpl_${n}`,
  username: `anggota${n}`,
  content: `Balasan ${n}\n\n${"panjang ".repeat(60)}`,
  isDeleted: false,
  isHidden: false,
  createdAt: "2026-03-03T00:00:00.000Z",
  ...extra,
});

describe("head tags for search engines", () => {
  it("reads the origin from the root's data only", () => {
    expect(originOf([{ id: "root", data: { origin } }, { id: "routes/_index", data: { origin: "https://evil.example" } }])).toBe(origin);
    expect(originOf([{ id: "root", data: undefined }])).toBeNull();
  });

  it("makes absolute canonical and feed links", () => {
    expect(canonicalLink(origin, "/c/web")).toEqual({ tagName: "link", rel: "canonical", href: `${origin}/c/web` });
    expect(feedLinks(origin, "Thread terbaru di Web", "web").map((link) => ("href" in link ? link.href : null))).toEqual([
      `${origin}/c/web/feed.xml`,
      `${origin}/c/web/feed.atom`,
    ]);
  });

  it("describes a thread as a DiscussionForumPosting with its counts and the first shown replies", () => {
    const replies = [reply(1, { isDeleted: true }), reply(2, { isHidden: true }), ...[3, 4, 5, 6, 7, 8].map((n) => reply(n))];
    const descriptor = discussionForumPosting({ origin, url, thread, replies, likeCount: 4 });
    const data = (descriptor as { "script:ld+json": Record<string, unknown> })["script:ld+json"];
    expect(data).toMatchObject({
      "@type": "DiscussionForumPosting",
      headline: "Belajar Remix",
      text: "Isi thread.",
      url,
      author: { "@type": "Person", name: "budi dev", url: `${origin}/u/budi%20dev` },
      datePublished: thread.createdAt,
      dateModified: thread.updatedAt,
      interactionStatistic: [
        { interactionType: "https://schema.org/CommentAction", userInteractionCount: 9 },
        { interactionType: "https://schema.org/LikeAction", userInteractionCount: 4 },
      ],
    });
    const comments = data.comment as { url: string; text: string }[];
    // Deleted and hidden replies say nothing; five at most, each an excerpt on one line.
    expect(comments.map((comment) => comment.url)).toEqual([3, 4, 5, 6, 7].map((n) => `${url}#balasan-rpl_${n}`));
    expect(comments[0]!.text).toMatch(/^Balasan 3 panjang .*…$/);
    expect(comments[0]!.text.length).toBeLessThanOrEqual(300);
    expect(discussionForumPosting({ origin, url, thread, replies: [], likeCount: 0 })).not.toHaveProperty(["script:ld+json", "comment"]);
  });
});
