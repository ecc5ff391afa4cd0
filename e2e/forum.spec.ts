import { expect, test, type Page } from "@playwright/test";
import { signUpThroughApi } from "./support/members.ts";

const replyAt = (page: Page, depth: number) => page.locator(`li[data-depth="${depth}"] > article`).first();

async function answer(page: Page, depth: number, text: string) {
  const parent = replyAt(page, depth);
  await parent.getByRole("button", { name: "Balas", exact: true }).click();
  await parent.getByPlaceholder("Balas komentar ini…").fill(text);
  await parent.getByRole("button", { name: "Kirim balasan" }).click();
}

test("write a rich thread, find it, reply, react, edit and delete; others cannot edit it", async ({ page, browser, baseURL }) => {
  page.on("dialog", (dialog) => void dialog.accept());
  const { username: author } = await signUpThroughApi(page, baseURL!, "forum");
  const token = `zorblat${Date.now().toString(36)}`;
  const title = `Perbandingan runtime ${token}`;

  // Write: a paragraph, a TypeScript code block and a table, through the editor's toolbar.
  await page.goto("/tulis");
  // The editor mounts in the browser only: once its toolbar shows, the form is live.
  await expect(page.getByRole("toolbar", { name: "Format teks" })).toBeVisible();
  await page.getByLabel("Judul", { exact: true }).fill(title);
  await page.getByLabel("Kategori", { exact: true }).selectOption("web-development");
  await page.getByLabel("Ringkasan").fill("Node, Deno atau Bun untuk backend?");
  const editor = page.getByTestId("thread-editor");
  await editor.click();
  await page.keyboard.type("Runtime JavaScript mana yang kalian pakai?");
  await page.keyboard.press("Enter");
  await page.getByLabel("Bahasa blok kode").selectOption("typescript");
  await page.getByRole("button", { name: "Blok kode" }).click();
  await page.keyboard.type("const runtime = 'bun';");
  // Three Enters leave a code block.
  for (let i = 0; i < 3; i++) await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Sisipkan tabel" }).click();
  // The cursor moves into the new table asynchronously; typing earlier loses a keystroke.
  await expect(editor.locator("table")).toBeVisible();
  for (const cell of ["Runtime", "Tahun", "Catatan", "Node", "2009", "stabil"]) {
    await page.keyboard.type(cell);
    await page.keyboard.press("Tab");
  }
  await page.getByRole("button", { name: "Terbitkan" }).click();

  await expect(page).toHaveURL(/\/t\/\d+\/perbandingan-runtime-/);
  const threadUrl = page.url();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.locator("pre code.language-typescript")).toHaveText("const runtime = 'bun';");
  await expect(page.getByRole("cell", { name: "2009" })).toBeVisible();
  await expect(page.locator("th", { hasText: "Runtime" })).toBeVisible();
  await expect(page).toHaveTitle(`${title} · Alephdraad`);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", title);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", threadUrl);

  // Found in its category and by search.
  await page.goto("/c/web-development");
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await page.goto("/cari");
  await page.getByRole("searchbox").fill(token);
  await page.getByRole("button", { name: "Cari", exact: true }).last().click();
  const result = page.getByRole("list", { name: "Hasil pencarian" }).getByRole("link", { name: title });
  await expect(result).toBeVisible();
  await expect(page.locator("mark", { hasText: token })).toBeVisible();
  await result.click();
  await expect(page).toHaveURL(threadUrl);

  // Replies three levels below the first; a fourth level is refused with a clear message.
  await page.getByPlaceholder("Tulis balasan…").fill("Tingkat nol");
  await page.getByRole("button", { name: "Kirim balasan" }).click();
  await expect(replyAt(page, 0)).toContainText("Tingkat nol");
  for (const depth of [1, 2, 3]) {
    await answer(page, depth - 1, `Tingkat ${depth}`);
    await expect(replyAt(page, depth)).toContainText(`Tingkat ${depth}`);
  }
  await answer(page, 3, "Tingkat empat");
  await expect(replyAt(page, 3).getByRole("alert")).toContainText("4 tingkat");
  await expect(page.locator('li[data-depth="4"]')).toHaveCount(0);

  // The newest reply makes it the most active thread overall.
  await page.goto("/?sort=active");
  await expect(page.locator("section[aria-labelledby='terbaru-judul'] article").first()).toContainText(title);
  await page.goto(threadUrl);

  // React, then change the reaction: the counts move at once and stay after a reload.
  const like = page.locator('[data-reaction="like"]');
  const love = page.locator('[data-reaction="love"]');
  await like.click();
  await expect(like).toHaveAttribute("aria-pressed", "true");
  await expect(like).toHaveAccessibleName("Suka: 1");
  await love.click();
  await expect(love).toHaveAttribute("aria-pressed", "true");
  await expect(like).toHaveAttribute("aria-pressed", "false");
  await expect(like).toHaveAccessibleName("Suka: 0");
  await page.reload();
  await expect(love).toHaveAttribute("aria-pressed", "true");
  await expect(love).toHaveAccessibleName("Cinta: 1");

  // A toggle the server never confirms is rolled back, with the reason shown.
  await page.route("**/api/trpc/reaction.toggle**", (route) => route.abort());
  const fire = page.locator('[data-reaction="fire"]');
  await fire.click();
  await expect(page.getByRole("region", { name: "Reaksi" }).getByRole("alert")).toBeVisible();
  await expect(fire).toHaveAttribute("aria-pressed", "false");
  await expect(fire).toHaveAccessibleName("Keren: 0");
  await expect(love).toHaveAttribute("aria-pressed", "true");
  await page.unroute("**/api/trpc/reaction.toggle**");

  // Edit the thread and a reply, delete another reply.
  await page.getByRole("link", { name: "Sunting" }).click();
  await expect(page.getByTestId("thread-editor")).toContainText("const runtime = 'bun';");
  await page.getByLabel("Judul", { exact: true }).fill(`${title} diperbarui`);
  await page.getByRole("button", { name: "Simpan perubahan" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${title} diperbarui`);
  const editedUrl = page.url();

  const top = replyAt(page, 0);
  await top.getByRole("button", { name: "Sunting" }).click();
  await top.getByLabel("Sunting balasan").fill("Tingkat nol, disunting");
  await top.getByRole("button", { name: "Simpan" }).click();
  await expect(top).toContainText("Tingkat nol, disunting");
  await expect(top).toContainText("(disunting)");
  await replyAt(page, 3).getByRole("button", { name: "Hapus" }).click();
  await expect(replyAt(page, 3)).toContainText("Balasan dihapus");

  // A second member sees all of it and cannot edit.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signUpThroughApi(other, baseURL!, "forum");
  await other.goto(editedUrl);
  await expect(other.getByRole("heading", { level: 1 })).toHaveText(`${title} diperbarui`);
  await expect(other.getByRole("link", { name: author, exact: true }).first()).toBeVisible();
  await expect(other.locator('[data-reaction="love"]')).toHaveAccessibleName("Cinta: 1");
  await expect(other.locator('[data-reaction="love"]')).toHaveAttribute("aria-pressed", "false");
  await expect(replyAt(other, 0)).toContainText("Tingkat nol, disunting");
  await expect(replyAt(other, 3)).toContainText("Balasan dihapus");
  await expect(other.getByRole("link", { name: "Sunting" })).toHaveCount(0);
  await expect(replyAt(other, 0).getByRole("button", { name: "Sunting" })).toHaveCount(0);
  // The author's profile lists the thread.
  await other.getByRole("link", { name: author, exact: true }).first().click();
  await expect(other.getByRole("heading", { level: 1 })).toHaveText(author);
  await expect(other.getByTestId("profile-thread-count")).toHaveText("1");
  // Four replies written, one deleted.
  await expect(other.getByTestId("profile-reply-count")).toHaveText("3");
  await expect(other.getByRole("link", { name: `${title} diperbarui` })).toBeVisible();
  const threadId = Number(/\/t\/(\d+)\//.exec(editedUrl)![1]);
  const editPage = await other.goto(`/tulis/${threadId}`);
  expect(editPage?.status()).toBe(403);
  const forged = await other.request.post("/api/trpc/thread.delete", {
    data: { json: { id: threadId } },
    headers: { origin: baseURL! },
  });
  expect(forged.status()).toBe(403);

  // The author deletes the thread: gone for everyone.
  await page.getByRole("button", { name: "Hapus" }).first().click();
  await expect(page).toHaveURL(/\/c\/web-development$/);
  await expect(page.getByRole("link", { name: `${title} diperbarui` })).toHaveCount(0);
  const gone = await other.goto(editedUrl);
  expect(gone?.status()).toBe(404);
  await otherContext.close();
});

test("switch to English: the whole thread page, its dates and the wallet's amounts; a reload keeps it", async ({ page, baseURL }) => {
  await signUpThroughApi(page, baseURL!, "english");
  await page.goto("/");
  await page.locator("section[aria-labelledby='terbaru-judul'] article a").first().click();
  await expect(page).toHaveURL(/\/t\/\d+\//);
  const threadUrl = page.url();
  await expect(page.locator("html")).toHaveAttribute("lang", "id");

  await page.getByRole("button", { name: "Ganti bahasa ke English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page).toHaveURL(threadUrl);
  const interfaceText = async () => {
    // Everything but what members wrote (titles, posts, replies, names): that stays in their words.
    return page.evaluate(() => {
      const copy = document.body.cloneNode(true) as HTMLElement;
      copy.querySelectorAll("h1, .prose, [data-depth] p, script, a[href^='/u/'], a[href^='/c/'], a[href^='/t/']").forEach((node) => node.remove());
      return copy.innerText;
    });
  };
  const english = await interfaceText();
  for (const word of ["Beranda", "Kategori", "Dompet", "Balasan", "Diposting", "Reaksi", "Suka", "Keluar", "Cari", "Tulis", "Muat"]) {
    expect(english, `"${word}" on the English page`).not.toMatch(new RegExp(`\\b${word}\\b`));
  }
  await expect(page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Home" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Replies \(\d+\)$/ })).toBeVisible();
  await expect(page.locator('[data-reaction="like"]')).toHaveAccessibleName(/^Like: \d+$/);
  // en-GB dates: "7 Jan 2026, 17:00" (Indonesian writes 17.00).
  await expect(page.locator("time").first()).toHaveText(/^Posted \d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}$/);

  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { name: /^Replies \(\d+\)$/ })).toBeVisible();

  // The wallet: amounts with the English digit grouping.
  await page.goto("/dompet");
  await expect(page.getByRole("heading", { name: "Wallet", level: 1 })).toBeVisible();
  await expect(page.getByTestId("wallet-balance")).toHaveText("Rp 0");
  await expect(page.getByText(/^Rp\s\d{1,3}(,\d{3})+$/).first()).toBeVisible();
  await expect(page.getByText(/^Rp\s\d{1,3}(\.\d{3})+$/)).toHaveCount(0);

  // And back, from the settings page.
  await page.goto("/pengaturan/profil");
  await page.getByRole("main").getByRole("button", { name: "Change the language to Bahasa Indonesia" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await expect(page.getByRole("heading", { name: "Bahasa" })).toBeVisible();
});
