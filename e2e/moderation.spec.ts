import { expect, test, type Page } from "@playwright/test";
import { signUpThroughApi } from "./support/members.ts";

/** A tRPC mutation through the API as the page's signed-in member (CSRF wants the site's Origin). */
async function mutate<T>(page: Page, baseURL: string, path: string, input: unknown): Promise<T> {
  const response = await page.request.post(`/api/trpc/${path}`, { data: { json: input }, headers: { origin: baseURL } });
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

const paragraph = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

test("a member reports a reply from the thread page and follows the report on /laporan-saya", async ({ page, browser, baseURL }) => {
  await signUpThroughApi(page, baseURL!, "pelapor");
  const thread = await mutate<{ id: number; slug: string }>(page, baseURL!, "thread.create", {
    title: `Diskusi moderasi ${Date.now().toString(36)}`,
    summary: "",
    categorySlug: "web-development",
    contentJson: paragraph("Bagaimana cara kalian menangani spam?"),
  });

  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  const replier = await signUpThroughApi(other, baseURL!, "pembalas");
  const reply = await mutate<{ id: string }>(other, baseURL!, "reply.create", { threadId: thread.id, content: "Beli obat murah di situs saya!" });
  await otherContext.close();

  await page.goto(`/t/${thread.id}/${thread.slug}`);
  const replyItem = page.locator(`li[id="${reply.id}"]`);
  await expect(replyItem.getByText("Beli obat murah")).toBeVisible();
  // The disclosure opens from the keyboard like any <details>.
  const control = replyItem.getByTestId("report-control");
  await control.locator("summary").focus();
  await page.keyboard.press("Enter");
  await control.getByLabel("Spam atau iklan").check();
  await control.getByLabel(/Keterangan/).fill(`Iklan dari ${replier.username}`);
  await control.getByRole("button", { name: "Kirim laporan" }).click();
  await expect(control.getByText("Moderator akan meninjau laporanmu")).toBeVisible();

  // A second report on the same reply while the first is open is refused with a clear message.
  await page.reload();
  const again = page.locator(`li[id="${reply.id}"]`).getByTestId("report-control");
  await again.locator("summary").click();
  await again.getByRole("button", { name: "Kirim laporan" }).click();
  await expect(again.getByRole("alert")).toContainText("sudah melaporkan");

  await page.goto("/laporan-saya");
  const mine = page.getByTestId("my-report").first();
  await expect(mine.getByTestId("report-status")).toHaveText("Menunggu ditinjau");
  await expect(mine).toContainText(replier.username);
});
