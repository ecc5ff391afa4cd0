import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { mutate, paragraph, signUpThroughApi } from "./support/members.ts";

/*
 * The installable app: the manifest, the Workbox-built worker (app/service-worker/sw.js, built into
 * public/sw.js by `npm run build`) and what it keeps for offline reading. Offline is Playwright's
 * context.setOffline, which in Chromium also cuts the service worker's own fetches.
 */

/** Resolves once the worker controls the page (it claims open tabs when it activates). */
async function controlledBy(page: Page): Promise<string> {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
    return navigator.serviceWorker.controller!.scriptURL;
  });
}

/** A question to the worker's outbox, as app/lib/outbox.ts asks it (a MessageChannel per question). */
function askWorker(page: Page, message: { type: string; key?: string }): Promise<unknown> {
  return page.evaluate(
    (request) =>
      new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (event: MessageEvent<{ answer: unknown }>) => resolve(event.data.answer);
        navigator.serviceWorker.controller!.postMessage(request, [channel.port2]);
      }),
    message,
  );
}

const pngSize = (bytes: Buffer) => `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;

test("the manifest has what an install needs, and its icons are the sizes it says", async ({ request }) => {
  const response = await request.get("/manifest.webmanifest");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/manifest+json");
  const manifest = await response.json();
  expect(manifest).toMatchObject({ lang: "id", name: "Alephdraad", short_name: "Alephdraad", start_url: "/", scope: "/", display: "standalone" });
  expect(manifest.description.length).toBeGreaterThan(20);
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/);
  expect(manifest.shortcuts.map((shortcut: { url: string }) => shortcut.url)).toEqual(["/tulis", "/aleph", "/dompet"]);
  const images = [...manifest.icons, ...manifest.screenshots] as { src: string; sizes: string; purpose?: string; form_factor?: string }[];
  expect(manifest.icons.map((icon: { sizes: string; purpose: string }) => `${icon.sizes} ${icon.purpose}`)).toEqual(["192x192 any", "512x512 any", "512x512 maskable"]);
  expect(manifest.screenshots.map((shot: { form_factor: string }) => shot.form_factor)).toEqual(["narrow", "wide"]);
  for (const image of images) {
    const file = await request.get(image.src);
    expect(file.headers()["content-type"], image.src).toBe("image/png");
    expect(pngSize(await file.body()), image.src).toBe(image.sizes);
  }
});

test("the worker and its push module are served fresh; the page links the manifest and both theme colours", async ({ page, request }) => {
  for (const file of ["/sw.js", "/sw-push.js"]) {
    const response = await request.get(file);
    expect(response.status(), file).toBe(200);
    expect(response.headers()["cache-control"], file).toBe("no-cache");
  }
  await page.goto("/");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", "/icons/apple-touch-icon.png");
  await expect(page.locator('meta[name="theme-color"]')).toHaveCount(2);
  await expect(page.locator('meta[name="theme-color"][media="(prefers-color-scheme: dark)"]')).toHaveAttribute("content", "#0f172a");
});

test("a visitor's page is controlled by the worker after a reload, and Chromium finds the site installable", async ({ browser, baseURL }, testInfo) => {
  // Chromium never offers to install from an incognito profile, which every new context is: this one has a profile.
  const profile = await mkdtemp(path.join(tmpdir(), "alephdraad-pwa-"));
  const context = await browser.browserType().launchPersistentContext(profile, { ...testInfo.project.use.launchOptions, baseURL });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto("/");
    await controlledBy(page);
    await page.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${baseURL}/sw.js`);
    // The precache holds this build's assets and the offline page.
    const precached = await page.evaluate(async () => {
      const name = (await caches.keys()).find((key) => key.startsWith("workbox-precache"));
      return name ? (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname) : [];
    });
    // The offline page once per language.
    expect(precached.filter((file) => file === "/luring")).toHaveLength(2);
    expect(precached.some((file) => /^\/build\/entry\.client-\w+\.js$/.test(file))).toBe(true);

    const cdp = await context.newCDPSession(page);
    const { errors, url } = await cdp.send("Page.getAppManifest");
    expect(url).toBe(`${baseURL}/manifest.webmanifest`);
    expect(errors).toEqual([]);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    expect(installabilityErrors).toEqual([]);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test("a new version waits until the reader chooses to reload; another open tab keeps working", async ({ page, context }) => {
  await page.goto("/");
  await controlledBy(page);
  const other = await context.newPage();
  await other.goto("/c/web-development");
  await controlledBy(other);
  await expect(page.getByRole("button", { name: "Muat ulang" })).toHaveCount(0);

  // A new build is a different /sw.js: the worker file changes on disk, the browser looks for an update.
  const workerFile = path.resolve(import.meta.dirname, "../public/sw.js");
  const built = await readFile(workerFile, "utf8");
  await writeFile(workerFile, `${built}\n// e2e: a new version ${Date.now()}\n`);
  try {
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration("/"))!.update());
    await expect(page.getByText("Versi baru tersedia.")).toBeVisible();
    // Waiting, not active: the open tabs still run the version they loaded with.
    expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration("/"))!.waiting))).toBe(true);
    await page.evaluate(() => ((window as unknown as { before: boolean }).before = true));
    await page.getByRole("button", { name: "Muat ulang" }).click();
    await page.waitForFunction(() => !(window as unknown as { before?: boolean }).before);
    await expect(page.getByRole("heading", { name: "Kategori" }).first()).toBeVisible();
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration("/"))!.waiting)).toBeNull();
    await expect(page.getByRole("button", { name: "Muat ulang" })).toHaveCount(0);

    // The other tab was not reloaded under its reader; it still navigates, now under the new worker.
    expect(await other.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    await other.getByRole("link", { name: "Beranda" }).first().click();
    await expect(other).toHaveURL(/\/$/);
    await expect(other.getByRole("heading", { name: "Kategori" }).first()).toBeVisible();
  } finally {
    await writeFile(workerFile, built);
  }
});

test("offline: threads read earlier open with their replies, others show the offline page; signing out forgets them", async ({ page, context, baseURL }) => {
  await signUpThroughApi(page, baseURL!, "luring");
  const stamp = Date.now().toString(36);
  const create = (title: string) =>
    mutate<{ id: number; slug: string }>(page, baseURL!, "thread.create", { title, summary: "", categorySlug: "web-development", contentJson: paragraph("Isi thread.") });
  const read = await create(`Dibaca dokumen ${stamp}`);
  const readInApp = await create(`Dibaca di aplikasi ${stamp}`);
  const unread = await create(`Belum dibaca ${stamp}`);
  await mutate(page, baseURL!, "reply.create", { threadId: read.id, content: `Balasan yang tersimpan ${stamp}` });

  await page.goto("/");
  await controlledBy(page);
  await page.goto(`/t/${read.id}/${read.slug}`);
  await expect(page.getByText(`Balasan yang tersimpan ${stamp}`)).toBeVisible();
  // Opened inside the app (Remix fetches only its data): the worker keeps the page as a document too.
  await page.goto("/");
  await page.getByRole("link", { name: `Dibaca di aplikasi ${stamp}` }).first().click();
  await expect(page.getByRole("heading", { name: `Dibaca di aplikasi ${stamp}` })).toBeVisible();
  const kept = () =>
    page.evaluate(async () => ((await caches.has("alephdraad-utas")) ? (await (await caches.open("alephdraad-utas")).keys()).map((request) => new URL(request.url).pathname) : []));
  await expect.poll(kept).toContain(`/t/${readInApp.id}/${readInApp.slug}`);

  await context.setOffline(true);
  await page.goto(`/t/${read.id}/${read.slug}`);
  await expect(page.getByText(`Balasan yang tersimpan ${stamp}`)).toBeVisible();
  await page.goto(`/t/${readInApp.id}/${readInApp.slug}`);
  await expect(page.getByRole("heading", { name: `Dibaca di aplikasi ${stamp}` })).toBeVisible();
  await page.goto("/");
  await expect(page.getByRole("link", { name: `Belum dibaca ${stamp}` }).first()).toBeVisible();

  // Never opened: the offline page, which names it and lists what can be read.
  await page.goto(`/t/${unread.id}/${unread.slug}`);
  await expect(page).toHaveURL(/\/luring\?bahasa=id&dari=/);
  await expect(page.getByRole("heading", { name: "Kamu sedang luring" })).toBeVisible();
  await expect(page.getByText(`/t/${unread.id}/${unread.slug}`)).toBeVisible();
  const available = page.getByRole("region", { name: "Tersedia luring" });
  await expect(available.getByRole("link", { name: `Dibaca dokumen ${stamp}` })).toBeVisible();
  await expect(available.getByRole("link", { name: "Beranda" })).toBeVisible();
  await expect(available.getByRole("link", { name: `Belum dibaca ${stamp}` })).toHaveCount(0);
  // At a phone's width, without sideways scrolling.
  await page.setViewportSize({ width: 412, height: 900 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(412);

  // In-app navigation offline loads the page as a document: from the cache, not an error page.
  await available.getByRole("link", { name: "Beranda" }).click();
  await expect(page.getByRole("link", { name: `Dibaca dokumen ${stamp}` }).first()).toBeVisible();
  await page.getByRole("link", { name: `Dibaca dokumen ${stamp}` }).first().click();
  await expect(page.getByText(`Balasan yang tersimpan ${stamp}`)).toBeVisible();

  await context.setOffline(false);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/");
  await page.getByRole("button", { name: "Keluar", exact: true }).filter({ visible: true }).click();
  await expect(page.getByRole("link", { name: "Masuk", exact: true }).filter({ visible: true })).toBeVisible();
  expect(await kept()).toEqual([]);
});

test("offline, a page never kept opens the offline page in the reader's language: the switch's choice, else the browser's", async ({ browser, baseURL }) => {
  const readers = [
    { locale: "id-ID", chose: "en", lang: "en", heading: "You are offline", available: "Available offline" },
    { locale: "en-GB", chose: undefined, lang: "en", heading: "You are offline", available: "Available offline" },
    { locale: "en-GB", chose: "id", lang: "id", heading: "Kamu sedang luring", available: "Tersedia luring" },
  ];
  for (const reader of readers) {
    const context = await browser.newContext({ baseURL, locale: reader.locale });
    try {
      // The language switch's cookie (POST /bahasa sets it so).
      if (reader.chose) await context.addCookies([{ name: "locale", value: reader.chose, url: baseURL! }]);
      const page = await context.newPage();
      await page.goto("/");
      await controlledBy(page);
      await context.setOffline(true);
      await page.goto("/c/web-development");
      await expect(page, JSON.stringify(reader)).toHaveURL(new RegExp(`/luring\\?bahasa=${reader.lang}&dari=`));
      await expect(page.locator("html")).toHaveAttribute("lang", reader.lang);
      await expect(page.getByRole("heading", { name: reader.heading })).toBeVisible();
      // Hydrated in that language too: the list of kept pages is worked out in the browser.
      await expect(page.getByRole("region", { name: reader.available })).toBeVisible();
      await expect(page.getByText("/c/web-development")).toBeVisible();
    } finally {
      await context.close();
    }
  }
});

test("offline writing: a new thread written offline is posted once when the connection returns, and the member is told", async ({ page, context, baseURL }) => {
  await signUpThroughApi(page, baseURL!, "utasluring");
  const title = `Thread ditulis luring ${Date.now().toString(36)}`;
  const outbox = page.getByRole("region", { name: "Tulisan luring" });
  const threadsTitled = async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { categorySlug: "web-development", limit: 50 } }));
    const listed = await page.request.get(`/api/trpc/thread.list?input=${input}`);
    const items = ((await listed.json()) as { result: { data: { json: { items: { id: number; title: string }[] } } } }).result.data.json.items;
    return items.filter((thread) => thread.title === title);
  };

  await page.goto("/");
  await controlledBy(page);
  // Kept for offline reading: the form goes home once the thread waits on the device.
  await page.goto("/");
  await page.goto("/tulis");
  await expect(page.getByRole("toolbar", { name: "Format teks" })).toBeVisible();
  await context.setOffline(true);
  await page.getByLabel("Judul", { exact: true }).fill(title);
  await page.getByLabel("Kategori", { exact: true }).selectOption("web-development");
  await page.getByTestId("thread-editor").click();
  await page.keyboard.type("Ditulis di kereta tanpa sinyal.");
  await page.getByRole("button", { name: "Terbitkan" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(outbox.getByText(`Thread “${title}” menunggu koneksi.`)).toBeVisible();

  await context.setOffline(false);
  await expect(outbox.getByText(`Thread “${title}” sudah terkirim.`)).toBeVisible();
  const [made, ...others] = await threadsTitled();
  expect(others).toEqual([]);
  // The home page's data was refreshed by the notice: the new thread is listed.
  await expect(page.getByRole("link", { name: title }).first()).toBeVisible();

  // Its send made again with the same key (as when an answer was lost): the same thread, not a second one.
  type Entry = { key: string; status: string; doneAt: number; result: { id: number } };
  const [sent] = (await askWorker(page, { type: "OUTBOX_LIST" })) as Entry[];
  expect(sent!.result.id).toBe(made!.id);
  expect(await askWorker(page, { type: "OUTBOX_RETRY", key: sent!.key })).toBe(true);
  await expect
    .poll(async () => ((await askWorker(page, { type: "OUTBOX_LIST" })) as Entry[]).map(({ status, doneAt, result }) => ({ status, again: doneAt > sent!.doneAt, id: result.id })))
    .toEqual([{ status: "sent", again: true, id: made!.id }]);
  expect((await threadsTitled()).map((thread) => thread.id)).toEqual([made!.id]);

  await outbox.getByRole("link", { name: "Lihat" }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/t/${made!.id}/`));
  await outbox.getByRole("button", { name: "Tutup" }).click();
  await expect(outbox.getByRole("listitem")).toHaveCount(0);
});

test("offline writing: a reply written offline is posted once when the connection returns; one to a thread deleted meanwhile is kept to copy", async ({ page, context, baseURL }) => {
  await signUpThroughApi(page, baseURL!, "kirim");
  const stamp = Date.now().toString(36);
  const create = (title: string) =>
    mutate<{ id: number; slug: string }>(page, baseURL!, "thread.create", { title, summary: "", categorySlug: "web-development", contentJson: paragraph("Isi thread.") });
  const thread = await create(`Dibalas luring ${stamp}`);
  const doomed = await create(`Segera dihapus ${stamp}`);
  const outbox = page.getByRole("region", { name: "Tulisan luring" });
  const writeReply = async (text: string) => {
    await page.getByPlaceholder("Tulis balasan…").first().fill(text);
    await page.getByRole("button", { name: "Kirim balasan" }).first().click();
    await expect(page.getByRole("status").filter({ hasText: "Tulisanmu disimpan di perangkat ini" })).toBeVisible();
  };

  await page.goto("/");
  await controlledBy(page);
  await page.goto(`/t/${thread.id}/${thread.slug}`);
  await context.setOffline(true);
  const text = `Ditulis tanpa koneksi ${stamp}`;
  await writeReply(text);
  await expect(outbox.getByText(`Balasan di “Dibalas luring ${stamp}” menunggu koneksi.`)).toBeVisible();

  await context.setOffline(false);
  await expect(outbox.getByText(`Balasan di “Dibalas luring ${stamp}” sudah terkirim.`)).toBeVisible();
  // Posted once: in the page (reloaded by the notice) and through the API.
  await expect(page.getByRole("article").filter({ hasText: text })).toHaveCount(1);
  const listed = await page.request.get(`/api/trpc/reply.listByThread?input=${encodeURIComponent(JSON.stringify({ json: { threadId: thread.id } }))}`);
  const replies = ((await listed.json()) as { result: { data: { json: { items: { id: string; content: string }[] } } } }).result.data.json.items;
  expect(replies.filter((reply) => reply.content === text)).toHaveLength(1);
  await outbox.getByRole("link", { name: "Lihat" }).click();
  await expect(page).toHaveURL(new RegExp(`#balasan-${replies.find((reply) => reply.content === text)!.id}$`));
  await outbox.getByRole("button", { name: "Tutup" }).click();
  await expect(outbox.getByRole("listitem")).toHaveCount(0);

  // The thread goes while the reply waits: the member is told, and the text stays to be copied.
  await page.goto(`/t/${doomed.id}/${doomed.slug}`);
  await context.setOffline(true);
  const late = `Terlambat ${stamp}`;
  await writeReply(late);
  await mutate(page, baseURL!, "thread.delete", { id: doomed.id });
  await context.setOffline(false);
  await expect(outbox.getByText(`Tidak terkirim: “Segera dihapus ${stamp}”`)).toBeVisible();
  await expect(outbox.getByText("Thread ini sudah dihapus atau disembunyikan sejak kamu menulis.")).toBeVisible();
  await expect(outbox.getByRole("textbox", { name: "Tulisanmu" })).toHaveValue(late);
  await expect(outbox.getByRole("button", { name: "Salin" })).toBeVisible();
  // The notice passes axe and fits a phone.
  const { violations } = await new AxeBuilder({ page }).include('[data-testid="outbox"]').withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  expect(violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical")).toEqual([]);
  await page.setViewportSize({ width: 360, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.setViewportSize({ width: 1280, height: 900 });

  // Signing out forgets what this device kept for the member.
  await page.getByRole("button", { name: "Keluar", exact: true }).filter({ visible: true }).click();
  await expect(page.getByRole("link", { name: "Masuk", exact: true }).filter({ visible: true })).toBeVisible();
  expect(await page.evaluate(() => caches.has("alephdraad-kotak-keluar"))).toBe(false);
  await expect(outbox.getByRole("listitem")).toHaveCount(0);
});
