import { expect, test } from "@playwright/test";
import { createSignedInAdmin } from "./support/admin.ts";
import { mutate, paragraph, signUpThroughApi } from "./support/members.ts";

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
  const replyItem = page.locator(`li[id="balasan-${reply.id}"]`);
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
  const again = page.locator(`li[id="balasan-${reply.id}"]`).getByTestId("report-control");
  await again.locator("summary").click();
  await again.getByRole("button", { name: "Kirim laporan" }).click();
  await expect(again.getByRole("alert")).toContainText("sudah melaporkan");

  await page.goto("/laporan-saya");
  const mine = page.getByTestId("my-report").first();
  await expect(mine.getByTestId("report-status")).toHaveText("Menunggu ditinjau");
  await expect(mine).toContainText(replier.username);
});

test("an admin works a report from the queue: hides the reply in place and warns its author; bans a device and a register from it is refused", async ({
  page,
  browser,
  baseURL,
}) => {
  page.on("dialog", (dialog) => void dialog.accept());
  // The author of the thread reports a reply of another member.
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  await signUpThroughApi(member, baseURL!, "pelapor");
  const thread = await mutate<{ id: number; slug: string }>(member, baseURL!, "thread.create", {
    title: `Antrean moderasi ${Date.now().toString(36)}`,
    summary: "",
    categorySlug: "web-development",
    contentJson: paragraph("Laporkan yang melanggar."),
  });
  const replierContext = await browser.newContext();
  const replier = await replierContext.newPage();
  const replierAccount = await signUpThroughApi(replier, baseURL!, "pelanggar");
  const reply = await mutate<{ id: string }>(replier, baseURL!, "reply.create", { threadId: thread.id, content: "Kata-kata kasar sekali" });
  await mutate(member, baseURL!, "moderation.report", { targetType: "reply", targetId: reply.id, reason: "abuse", details: "" });

  // The admin signs in with two-factor and works the report from the queue.
  await createSignedInAdmin(page, "moderator", "/admin/laporan");
  await expect(page.getByTestId("pending-count")).toBeVisible();
  const item = page.getByTestId("queue-item").filter({ hasText: replierAccount.username });
  await item.getByRole("link", { name: "Tinjau" }).click();
  await expect(page.getByTestId("reported-reply")).toHaveText("Kata-kata kasar sekali");
  const form = page.getByTestId("resolve-form");
  await form.getByLabel(/Sembunyikan kontennya/).check();
  await form.getByLabel("Beri peringatan kepada penulis").check();
  await form.getByLabel(/Alasan peringatan/).fill("Jaga bahasa di forum.");
  await form.getByLabel("Catatan untuk pelapor").fill("Balasan disembunyikan, penulis diperingatkan.");
  await form.getByRole("button", { name: "Selesaikan laporan" }).click();
  await expect(page.getByText(/Laporan diselesaikan/)).toBeVisible();

  // The thread shows it in place as hidden by a moderator.
  await member.goto(`/t/${thread.id}/${thread.slug}`);
  await expect(member.locator(`li[id="balasan-${reply.id}"]`)).toContainText("Balasan disembunyikan oleh moderator");
  await expect(member.getByText("Kata-kata kasar sekali")).toHaveCount(0);
  // The reporter sees the outcome; the warned member sees the warning.
  await member.goto("/laporan-saya");
  await expect(member.getByTestId("report-outcome").first()).toContainText("Balasan disembunyikan, penulis diperingatkan.");
  await replier.goto("/pengaturan/peringatan");
  await expect(replier.getByTestId("warning").first()).toContainText("Jaga bahasa di forum.");

  // A device ban: a register from that fingerprint is refused.
  const fingerprint = `e2e${Date.now().toString(36)}`.padEnd(64, "0");
  await page.goto("/admin/larangan");
  await page.getByLabel("Sidik perangkat").fill(fingerprint);
  await page.getByLabel("Alasan larangan").fill("Akun palsu berulang");
  await page.getByRole("button", { name: "Larang perangkat" }).click();
  await expect(page.getByTestId("device-ban").filter({ hasText: fingerprint })).toBeVisible();
  const username = `dilarang${Date.now().toString(36)}`;
  const refused = await page.request.post("/api/trpc/auth.register", {
    data: { json: { username, email: `${username}@example.test`, password: "kopi-tubruk-panas-2026" } },
    headers: { origin: baseURL!, "x-device-fingerprint": fingerprint },
  });
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain("Perangkat ini diblokir");
  await Promise.all([memberContext.close(), replierContext.close()]);
});
