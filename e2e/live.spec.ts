import { expect, test, type APIRequestContext } from "@playwright/test";
import { e2eRedisScope } from "../playwright.config.ts";
import { freePort, startAppServer, stop, waitFor } from "./support/processes.ts";
import { signUpThroughApi } from "./support/members.ts";

/**
 * Two server processes behind one "load balancer": a page served by the second follows a thread
 * live while a member writes through the first. Only the Redis live bus can carry the events
 * across, so this fails if either process runs the bus in memory.
 */
test("a reply, an edit and a reaction made through one process appear live on a page served by another", async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  expect(process.env.REDIS_URL, "the e2e servers must use Redis for live updates").toBeTruthy();

  const port = await freePort();
  const second = startAppServer({
    PORT: String(port),
    DATABASE_URL: process.env.E2E_DATABASE_URL!,
    MONGODB_URL: process.env.E2E_MONGODB_URL!,
    REDIS_URL: process.env.REDIS_URL!,
    TEST_REDIS_SCOPE: e2eRedisScope,
    // The first server migrated and seeded these databases.
    MIGRATE_ON_START: "false",
    SEED_ON_START: "false",
    CAPTCHA_ENABLED: "false",
    RATE_LIMIT_ENABLED: "false",
    LOG_LEVEL: "warn",
  });
  const secondOrigin = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => (await fetch(`${secondOrigin}/healthz`)).ok, "the second server", 60_000);

    // The writer, on the first server: a thread of their own.
    await signUpThroughApi(page, baseURL!, "penulis");
    const call = (request: APIRequestContext, procedure: string, input: unknown) =>
      request
        .post(`/api/trpc/${procedure}`, { data: { json: input }, headers: { origin: baseURL! } })
        .then(async (response) => {
          expect(response.ok(), await response.text()).toBe(true);
          return (await response.json()).result.data.json;
        });
    const doc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Siapa yang pakai SSE?" }] }] };
    const thread = (await call(page.request, "thread.create", {
      title: `Server-Sent Events ${Date.now().toString(36)}`,
      summary: "Pembaruan langsung",
      categorySlug: "web-development",
      contentJson: doc,
    })) as { id: number; slug: string };

    // The reader, a member signed in on the second server, typing a reply of their own.
    const readerContext = await browser.newContext({ baseURL: secondOrigin });
    const reader = await readerContext.newPage();
    await signUpThroughApi(reader, secondOrigin, "pembaca");
    const streamOpened = reader.waitForResponse((response) => response.url().startsWith(`${secondOrigin}/api/live?`));
    await reader.goto(`/t/${thread.id}/${thread.slug}`);
    expect((await streamOpened).status()).toBe(200);
    await reader.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const draft = reader.getByPlaceholder("Tulis balasan…");
    await draft.fill("Draf yang sedang saya ketik");

    const replyText = `Saya pakai SSE di produksi ${Date.now().toString(36)}`;
    const reply = (await call(page.request, "reply.create", { threadId: thread.id, content: replyText })) as { id: string };
    await expect(reader.getByText(replyText)).toBeVisible({ timeout: 10_000 });
    await expect(reader.getByTestId("live-replies")).toHaveText("1 balasan baru");
    await expect(draft).toHaveValue("Draf yang sedang saya ketik");

    const edited = `${replyText} (disunting)`;
    await call(page.request, "reply.update", { id: reply.id, content: edited });
    await expect(reader.getByText(edited)).toBeVisible({ timeout: 10_000 });

    const fire = reader.getByRole("button", { name: /^Keren: / });
    await expect(fire).toHaveAttribute("aria-label", "Keren: 0");
    await call(page.request, "reaction.toggle", { threadId: thread.id, type: "fire" });
    await expect(fire).toHaveAttribute("aria-label", "Keren: 1", { timeout: 10_000 });
    // The reader did not react: their own stays unpressed.
    await expect(fire).toHaveAttribute("aria-pressed", "false");

    await call(page.request, "reply.delete", { id: reply.id });
    await expect(reader.getByText(edited)).toHaveCount(0, { timeout: 10_000 });

    // All of it without a reload, the draft untouched.
    expect(await reader.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await expect(draft).toHaveValue("Draf yang sedang saya ketik");
    await readerContext.close();
  } finally {
    const code = await stop(second.child);
    if (code !== 0 && code !== null) console.error(second.output.join(""));
  }
});
