import { expect, test, type Page } from "@playwright/test";
import { mutate, paragraph, signUpThroughApi } from "./support/members.ts";

test("the reply box and the thread editor suggest members after @, by keyboard; replies have anchors", async ({ page, browser, baseURL }) => {
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  const mentioned = await signUpThroughApi(other, baseURL!, "sebut");
  await otherContext.close();
  await signUpThroughApi(page, baseURL!, "penulis");
  const thread = await mutate<{ id: number; slug: string }>(page, baseURL!, "thread.create", {
    title: `Saran sebutan ${Date.now().toString(36)}`,
    summary: "",
    categorySlug: "web-development",
    contentJson: paragraph("Siapa yang paham?"),
  });
  const prefix = mentioned.username.slice(0, 6);

  // The reply box: type "@" and the start of a name, pick it with the keyboard.
  await page.goto(`/t/${thread.id}/${thread.slug}`);
  const box = page.getByRole("combobox", { name: "Tulis balasan…" });
  await box.click();
  await box.pressSequentially(`Tanya @${prefix.toUpperCase()}`);
  const listbox = page.getByRole("listbox", { name: "Anggota yang bisa disebut" });
  const option = listbox.getByRole("option", { name: `@${mentioned.username}` });
  await expect(option).toBeVisible();
  await expect(box).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowUp");
  await expect(option).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", (await option.getAttribute("id"))!);
  await page.keyboard.press("Enter");
  await expect(box).toHaveValue(`Tanya @${mentioned.username} `);
  await expect(listbox).toHaveCount(0);
  // Escape closes the list without touching the text.
  await box.pressSequentially(`dan @${prefix}`);
  await expect(option).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(listbox).toHaveCount(0);
  await expect(box).toHaveValue(`Tanya @${mentioned.username} dan @${prefix}`);
  await box.fill(`Tanya @${mentioned.username} ya`);
  await page.getByRole("button", { name: "Kirim balasan" }).click();
  const reply = page.locator("li[id^='balasan-']").filter({ hasText: `Tanya @${mentioned.username} ya` });
  await expect(reply).toBeVisible();

  // Its anchor opens the page at the reply, highlighted as the target.
  const anchor = (await reply.getAttribute("id"))!;
  await page.goto(`/t/${thread.id}/${thread.slug}#${anchor}`);
  await expect(page.locator(`li[id="${anchor}"]:target`)).toBeInViewport();

  // The thread editor: the suggestion is written as plain text, Tab picks it.
  await page.goto("/tulis");
  await expect(page.getByRole("toolbar", { name: "Format teks" })).toBeVisible();
  const editor = page.getByTestId("thread-editor");
  await editor.click();
  await page.keyboard.type(`Halo @${prefix}`);
  await expect(page.getByRole("listbox", { name: "Anggota yang bisa disebut" }).getByRole("option", { name: `@${mentioned.username}` })).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(editor).toHaveText(`Halo @${mentioned.username} `);
  await expect(page.getByRole("listbox")).toHaveCount(0);
});

/** The header bell's accessible name after a fresh load (the count comes from the root loader). */
async function bellLabel(page: Page): Promise<string | null> {
  await page.goto("/");
  return page.getByTestId("notification-bell").getAttribute("aria-label");
}

// Notifications are made by a background job (graphile-worker, polling every 2 s in server/main.ts).
const untilJobsRan = { timeout: 20_000, intervals: [500, 1_000, 2_000] };

test("replies and mentions notify; opening and marking read clear the bell; mute and block silence", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const open = async (prefix: string) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on("dialog", (dialog) => void dialog.accept());
    return { page, member: await signUpThroughApi(page, baseURL!, prefix) };
  };
  const { page: a, member: memberA } = await open("ana");
  const { page: b, member: memberB } = await open("bayu");
  const { page: c, member: memberC } = await open("citra");
  const thread = await mutate<{ id: number; slug: string }>(b, baseURL!, "thread.create", {
    title: `Tanya deploy ${Date.now().toString(36)}`,
    summary: "",
    categorySlug: "web-development",
    contentJson: paragraph("Bagaimana cara deploy yang aman?"),
  });
  const threadUrl = `/t/${thread.id}/${thread.slug}`;

  // B reads the thread and C the home page while A answers: both follow the live stream.
  const openLive = async (page: Page, url: string) => {
    const streaming = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/live" && response.ok());
    await page.goto(url);
    await streaming;
    // A reload would drop this mark: it proves what follows arrived without one.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  };
  await openLive(b, threadUrl);
  await openLive(c, "/");
  const stillLoaded = (page: Page) => page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);

  // A answers B's thread and mentions C through the suggestion popup.
  await a.goto(threadUrl);
  const box = a.getByRole("combobox", { name: "Tulis balasan…" });
  await box.click();
  await box.pressSequentially(`Tanya @${memberC.username.slice(0, 7)}`);
  await a.getByRole("option", { name: `@${memberC.username}` }).click();
  await box.pressSequentially("soal ini");
  await expect(box).toHaveValue(`Tanya @${memberC.username} soal ini`);
  await a.getByRole("button", { name: "Kirim balasan" }).click();
  const reply = a.locator("li[id^='balasan-']").filter({ hasText: "soal ini" });
  await expect(reply).toBeVisible();
  const anchor = (await reply.getAttribute("id"))!;

  // B's open page shows the reply, and both bells count it, without a reload.
  await expect(b.locator(`li[id="${anchor}"]`)).toContainText("soal ini");
  await expect(b.getByTestId("notification-bell")).toHaveAttribute("aria-label", "Notifikasi, 1 belum dibaca", { timeout: untilJobsRan.timeout });
  await expect(c.getByTestId("notification-bell")).toHaveAttribute("aria-label", "Notifikasi, 1 belum dibaca", { timeout: untilJobsRan.timeout });
  expect(await stillLoaded(b)).toBe(true);
  expect(await stillLoaded(c)).toBe(true);
  // A fresh load agrees with the live count.
  await expect.poll(() => bellLabel(c), untilJobsRan).toBe("Notifikasi, 1 belum dibaca");

  // B opens the notification: it lands on the reply, and the bell has nothing left.
  await b.getByTestId("notification-bell").click();
  await expect(b).toHaveURL(/\/notifikasi$/);
  const toB = b.getByTestId("notification").filter({ hasText: `${memberA.username} membalas thread-mu` });
  await expect(toB).toHaveAttribute("data-unread", "true");
  await expect(toB).toContainText("soal ini");
  await toB.click();
  await expect(b).toHaveURL(`${baseURL}${threadUrl}#${anchor}`);
  await expect(b.locator(`li[id="${anchor}"]:target`)).toBeInViewport();
  await expect(b.getByTestId("notification-bell")).toHaveAttribute("aria-label", "Notifikasi");

  // C marks everything read, then follows the mention to the same reply.
  await c.goto("/notifikasi");
  const toC = c.getByTestId("notification").filter({ hasText: `${memberA.username} menyebutmu di` });
  await expect(toC).toHaveAttribute("data-unread", "true");
  await c.getByRole("button", { name: "Tandai semua sudah dibaca" }).click();
  await expect(c.getByText("Semua notifikasi sudah ditandai dibaca.")).toBeVisible();
  await expect(c.getByTestId("notification-bell")).toHaveAttribute("aria-label", "Notifikasi");
  await expect(toC).not.toHaveAttribute("data-unread");
  await toC.click();
  await expect(c).toHaveURL(`${baseURL}${threadUrl}#${anchor}`);

  // B mutes the thread; A's next reply (mentioning C, whose notification shows the job ran) tells B nothing.
  await b.goto(threadUrl);
  await b.getByTestId("thread-watch").getByText("Bisukan").click();
  await expect(b.getByRole("radio", { name: /Bisukan/ })).toBeChecked();
  await b.reload();
  await expect(b.getByRole("radio", { name: /Bisukan/ })).toBeChecked();
  await mutate(a, baseURL!, "reply.create", { threadId: thread.id, content: `Satu lagi, @${memberC.username}` });
  await expect.poll(() => bellLabel(c), untilJobsRan).toBe("Notifikasi, 1 belum dibaca");
  expect(await bellLabel(b)).toBe("Notifikasi");

  // B blocks A from A's profile; A's mention of B (in C's thread: C, its author, is told) tells B nothing.
  await b.goto(`/u/${memberA.username}`);
  await b.getByRole("button", { name: "Blokir", exact: true }).click();
  await expect(b.getByRole("button", { name: "Buka blokir" })).toBeVisible();
  await b.goto("/pengaturan/notifikasi");
  await expect(b.getByRole("list", { name: "Anggota yang diblokir" })).toContainText(memberA.username);
  const otherThread = await mutate<{ id: number }>(c, baseURL!, "thread.create", {
    title: `Thread Citra ${Date.now().toString(36)}`,
    summary: "",
    categorySlug: "web-development",
    contentJson: paragraph("Ada yang pakai Bun?"),
  });
  await mutate(a, baseURL!, "reply.create", { threadId: otherThread.id, content: `Coba tanya @${memberB.username}` });
  await expect.poll(() => bellLabel(c), untilJobsRan).toBe("Notifikasi, 2 belum dibaca");
  expect(await bellLabel(b)).toBe("Notifikasi");
  // The block also hides what A caused before it: B's list is empty.
  await b.goto("/notifikasi");
  await expect(b.getByText("Belum ada notifikasi.")).toBeVisible();
  await expect(b.getByTestId("notification")).toHaveCount(0);
});

test("the notification pages and the suggestion popup fit a 412 px phone", async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 412, height: 915 });
  const member = await signUpThroughApi(page, baseURL!, "ponsel");
  const thread = await mutate<{ id: number; slug: string }>(page, baseURL!, "thread.create", {
    title: `Layar kecil ${Date.now().toString(36)}`,
    summary: "",
    categorySlug: "web-development",
    contentJson: paragraph("Muat di ponsel?"),
  });
  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  for (const path of ["/notifikasi", "/pengaturan/notifikasi"]) {
    await page.goto(path);
    expect(await fits(), path).toBe(true);
  }
  await expect(page.getByRole("checkbox", { name: "Balasan lewat E-mail" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Balasan lewat Push" })).not.toBeChecked();
  await expect(page.locator("#push-consent")).toHaveCount(1);
  // Only what changed is saved, and it stays.
  await page.getByRole("checkbox", { name: "Balasan lewat E-mail" }).uncheck();
  await page.getByRole("checkbox", { name: "Sebutan lewat Push" }).check();
  await page.getByRole("button", { name: "Simpan pengaturan notifikasi" }).click();
  await expect(page.getByText("Pengaturan notifikasi disimpan.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "Balasan lewat E-mail" })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Sebutan lewat Push" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Sebutan lewat E-mail" })).toBeChecked();
  // Blocking an unknown name or oneself is refused in words.
  const username = page.getByLabel("Username yang akan diblokir");
  await username.fill("tidak-ada-orangnya");
  await page.getByRole("button", { name: "Blokir", exact: true }).click();
  await expect(page.getByText("Anggota dengan username itu tidak ditemukan.")).toBeVisible();
  await username.fill(member.username);
  await page.getByRole("button", { name: "Blokir", exact: true }).click();
  await expect(page.getByText("Kamu tidak bisa memblokir dirimu sendiri.")).toBeVisible();
  await expect(page.getByText("Belum ada anggota yang kamu blokir.")).toBeVisible();

  await page.goto(`/t/${thread.id}/${thread.slug}`);
  await expect(page.getByTestId("notification-bell")).toBeVisible();
  await expect(page.getByRole("radio", { name: /Ikuti/ })).toBeChecked();
  const box = page.getByRole("combobox", { name: "Tulis balasan…" });
  await box.click();
  // The member's own name is not suggested to them; an unknown prefix says so.
  await box.pressSequentially(`@${member.username}`);
  await expect(page.getByText("Tidak ada anggota dengan nama itu.")).toBeVisible();
  expect(await fits()).toBe(true);
});
