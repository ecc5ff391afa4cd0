import { expect, test, type Page } from "@playwright/test";
import { mutate, paragraph, signUpThroughApi } from "./support/members.ts";

/** Whether the browser's strict XML parser takes `xml` (a feed or sitemap a reader would refuse otherwise). */
function parsesAsXml(page: Page, xml: string): Promise<boolean> {
  return page.evaluate((text) => new DOMParser().parseFromString(text, "application/xml").getElementsByTagName("parsererror").length === 0, xml);
}

test("a thread page names one canonical address and valid structured data, whatever its title", async ({ page, baseURL }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signUpThroughApi(page, baseURL!, "seo");
  const title = `</script><script>alert(1)</script> ${Date.now().toString(36)}`;
  const thread = await mutate<{ id: number; slug: string }>(page, baseURL!, "thread.create", {
    title,
    summary: "",
    categorySlug: "web-development",
    contentJson: paragraph("Isi thread untuk mesin pencari & pembaca feed."),
  });
  await mutate(page, baseURL!, "reply.create", { threadId: thread.id, content: "Balasan pertama </script>" });

  await page.goto(`/t/${thread.id}/${thread.slug}`);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const canonical = page.locator('link[rel="canonical"]');
  await expect(canonical).toHaveCount(1);
  const url = `${baseURL}/t/${thread.id}/${thread.slug}`;
  await expect(canonical).toHaveAttribute("href", url);

  const scripts = page.locator('script[type="application/ld+json"]');
  await expect(scripts).toHaveCount(1);
  const data = JSON.parse((await scripts.textContent()) ?? "") as Record<string, unknown>;
  expect(data).toMatchObject({
    "@context": "https://schema.org",
    "@type": "DiscussionForumPosting",
    headline: title,
    url,
    text: "Isi thread untuk mesin pencari & pembaca feed.",
    author: { "@type": "Person", url: expect.stringMatching(new RegExp(`^${baseURL}/u/seo`)) },
    comment: [{ "@type": "Comment", text: "Balasan pertama </script>" }],
  });
  // The title stayed data: no script of its own ran or even exists.
  expect(dialogs).toEqual([]);
  expect(await page.locator("script").evaluateAll((nodes) => nodes.filter((node) => node.textContent === "alert(1)").length)).toBe(0);

  // Its feed carries the same title as escaped text the strict XML parser takes.
  await page.goto("/c/web-development");
  const rss = page.locator('link[rel="alternate"][type="application/rss+xml"]');
  await expect(rss).toHaveAttribute("href", `${baseURL}/c/web-development/feed.xml`);
  const feed = await (await page.request.get(`${baseURL}/c/web-development/feed.xml`)).text();
  expect(await parsesAsXml(page, feed)).toBe(true);
  expect(feed).toContain(`<link>${url}</link>`);
});

test("the home page links its feeds, and robots.txt leads to a sitemap listing the threads", async ({ page, baseURL }) => {
  await page.goto("/");
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", `${baseURL}/`);
  for (const [type, path] of [
    ["application/rss+xml", "/feed.xml"],
    ["application/atom+xml", "/feed.atom"],
  ]) {
    const link = page.locator(`link[rel="alternate"][type="${type}"]`);
    await expect(link).toHaveCount(1);
    await expect(link).toHaveAttribute("href", `${baseURL}${path}`);
    const response = await page.request.get(`${baseURL}${path}`);
    expect(response.headers()["content-type"]).toContain(type);
    expect(await parsesAsXml(page, await response.text())).toBe(true);
  }

  const robots = await (await page.request.get(`${baseURL}/robots.txt`)).text();
  expect(robots).toContain("Disallow: /admin");
  const sitemapUrl = /^Sitemap: (\S+)$/m.exec(robots)?.[1];
  expect(sitemapUrl).toBe(`${baseURL}/sitemap.xml`);
  const sitemap = await (await page.request.get(sitemapUrl!)).text();
  expect(await parsesAsXml(page, sitemap)).toBe(true);
  expect(sitemap).toContain(`<loc>${baseURL}/c/web-development</loc>`);
  expect(sitemap).toMatch(new RegExp(`<loc>${baseURL}/t/\\d+/[^<]+</loc>`));
});
