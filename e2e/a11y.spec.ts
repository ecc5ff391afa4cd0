import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { createSignedInAdmin } from "./support/admin.ts";
import { mutate, paragraph, signUpThroughApi } from "./support/members.ts";

// Every page, in both themes, through axe-core (WCAG 2.0/2.1 A and AA): a serious or critical
// violation fails; and at 360 px wide nothing scrolls sideways. Failures are collected per page
// (expect.soft) so one run names all of them.

const TAGS = ["wcag2a", "wcag2aa", "wcag21aa"];
const THEMES = ["light", "dark"] as const;
const PHONE_WIDTH = 360;

/**
 * Axe in both themes and the 360 px width check on the page at `path`; restores the desktop size.
 * The page loads once in the light theme and then switches the way the header's toggle does
 * (the `dark` class on <html>, which is all the server renders differently, app/lib/theme.ts).
 */
async function checkPage(page: Page, baseURL: string, path: string) {
  const size = page.viewportSize()!;
  await page.context().addCookies([{ name: "theme", value: "light", url: baseURL }]);
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  for (const theme of THEMES) {
    await page.evaluate(async (dark) => {
      document.documentElement.classList.toggle("dark", dark);
      // Contrast is read from the colours the switch ends at, not from halfway through a transition.
      await Promise.allSettled(document.getAnimations().filter((animation) => animation instanceof CSSTransition).map((animation) => animation.finished));
    }, theme === "dark");
    const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const serious = violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => ({
        rule: `${violation.id} (${violation.impact})`,
        nodes: violation.nodes.slice(0, 5).map((node) => `${node.html.slice(0, 160)} :: ${node.failureSummary?.replace(/\s+/g, " ").slice(0, 240)}`),
      }));
    expect.soft(serious, `${path} in the ${theme} theme`).toEqual([]);
  }
  await page.setViewportSize({ width: PHONE_WIDTH, height: 800 });
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect.soft(scrollWidth, `${path} at ${PHONE_WIDTH} px wide`).toBeLessThanOrEqual(PHONE_WIDTH);
  await page.setViewportSize(size);
}

/** The first link on the page at `path` whose href matches, for the detail pages behind a list. */
async function firstLink(page: Page, path: string, pattern: RegExp): Promise<string> {
  await page.goto(path);
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
  const href = hrefs.find((candidate) => pattern.test(candidate));
  expect(href, `a link matching ${pattern} on ${path}`).toBeTruthy();
  return href!;
}

test("public pages pass axe in both themes and fit 360 px", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const thread = await firstLink(page, "/", /^\/t\/\d+\/[^/?#]+$/);
  const category = await firstLink(page, "/", /^\/c\/[^/?#]+$/);
  for (const path of [
    "/",
    category,
    thread,
    "/cari?q=runtime",
    "/cari",
    "/u/demo",
    "/masuk",
    "/daftar",
    "/lupa-sandi",
    "/atur-ulang-sandi?token=tidak-berlaku",
    "/verifikasi-email?token=tidak-berlaku",
    "/admin/masuk",
    "/admin/siapkan/tautan-tidak-berlaku",
    "/masuk/2fa",
    "/dev/mailbox",
    "/halaman-yang-tidak-ada",
  ]) {
    await checkPage(page, baseURL!, path);
  }
});

test("member pages pass axe in both themes and fit 360 px", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signUpThroughApi(page, baseURL!, "a11y");
  const thread = await mutate<{ id: number; slug: string }>(page, baseURL!, "thread.create", {
    title: `Aksesibilitas forum ${Date.now().toString(36)}`,
    summary: "Ringkasan singkat",
    categorySlug: "web-development",
    contentJson: paragraph("Apakah halaman ini bisa dipakai dengan papan ketik?"),
  });
  await mutate(page, baseURL!, "reply.create", { threadId: thread.id, content: "Balasan pertama untuk dicek." });
  // A top-up through the sandbox gateway: a ledger entry with a receipt page.
  await page.goto("/dompet");
  await page.getByLabel("Jumlah (Rp)").fill("60000");
  await page.getByRole("button", { name: "Lanjut ke pembayaran" }).click();
  await page.getByRole("button", { name: "Setujui pembayaran" }).click();
  await expect(page.getByTestId("wallet-balance")).toHaveText("Rp 60.000");
  const receipt = await firstLink(page, "/dompet", /^\/dompet\/transaksi\/txn_/);
  for (const path of [
    "/",
    `/t/${thread.id}/${thread.slug}`,
    "/tulis",
    `/tulis/${thread.id}`,
    "/dompet",
    receipt,
    "/notifikasi",
    "/laporan-saya",
    "/dokumen",
    "/aleph",
  ]) {
    await checkPage(page, baseURL!, path);
  }
});

test("member settings pages pass axe in both themes and fit 360 px", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signUpThroughApi(page, baseURL!, "a11yatur");
  // A webhook endpoint, so its list and (empty) delivery log are checked too; nothing listens on port 9.
  const hook = await mutate<{ id: number }>(page, baseURL!, "webhook.create", { url: "http://127.0.0.1:9/hook", events: ["reply.created"] });
  for (const path of [
    "/pengaturan",
    "/pengaturan/profil",
    "/pengaturan/keamanan",
    "/pengaturan/dua-langkah",
    "/pengaturan/passkey",
    "/pengaturan/sesi",
    "/pengaturan/token",
    `/pengaturan/webhook?endpoint=${hook.id}`,
    "/pengaturan/notifikasi",
    "/pengaturan/peringatan",
  ]) {
    await checkPage(page, baseURL!, path);
  }
});

test("admin pages pass axe in both themes and fit 360 px", async ({ page, browser, baseURL }) => {
  // Sixteen pages, two loads each, and an admin sign-in.
  test.setTimeout(180_000);
  // Something in each list: a report, and a payment order of a member.
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  await signUpThroughApi(member, baseURL!, "a11yanggota");
  // A seeded thread of someone else: members cannot report their own.
  const seeded = Number(/^\/t\/(\d+)\//.exec(await firstLink(member, "/", /^\/t\/\d+\/[^/?#]+$/))![1]);
  await mutate(member, baseURL!, "moderation.report", { targetType: "thread", targetId: seeded, reason: "spam", details: "" });
  await member.goto("/dompet");
  await member.getByLabel("Jumlah (Rp)").fill("60000");
  await member.getByRole("button", { name: "Lanjut ke pembayaran" }).click();
  // The sandbox gateway's payment page is one of ours too.
  await expect(member).toHaveURL(/\/sandbox-gateway\/pay\//);
  await checkPage(member, baseURL!, new URL(member.url()).pathname);
  await memberContext.close();

  await createSignedInAdmin(page, "a11yadmin");
  const memberPage = await firstLink(page, "/admin/anggota", /^\/admin\/anggota\/\d+$/);
  const walletPage = await firstLink(page, "/admin/dompet", /^\/admin\/dompet\/[^/?#]+$/);
  const reportPage = await firstLink(page, "/admin/laporan", /^\/admin\/laporan\/[^/?#]+$/);
  const orderPage = await firstLink(page, "/admin/pembayaran", /^\/admin\/pembayaran\/[^/?#]+$/);
  for (const path of [
    "/admin",
    "/admin/anggota",
    memberPage,
    "/admin/dompet",
    walletPage,
    "/admin/kategori",
    "/admin/laporan",
    reportPage,
    "/admin/larangan",
    "/admin/lencana",
    "/admin/log",
    "/admin/pembayaran",
    orderPage,
    "/admin/sesi",
    "/admin/tugas",
    "/admin/webhook",
  ]) {
    await checkPage(page, baseURL!, path);
  }
});

test("the header menu works by keyboard: Escape closes it and focus returns to its button", async ({ page }) => {
  await page.setViewportSize({ width: PHONE_WIDTH, height: 800 });
  await page.goto("/");
  // The first Tab reaches the skip link, which moves focus to the main content.
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Langsung ke konten" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#konten")).toBeFocused();

  const menuButton = page.locator("header summary");
  await menuButton.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("navigation", { name: "Navigasi utama" }).last();
  await expect(menu).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(menu.getByRole("link").first()).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(menuButton).toBeFocused();
});
