import { expect, test } from "@playwright/test";
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
