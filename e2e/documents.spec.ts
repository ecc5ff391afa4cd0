import * as m from "../shared/paraglide/messages/_index.js";
import { expect, test } from "@playwright/test";
import { baseURL } from "../playwright.config.ts";
import { ELF, image, PDF } from "../server/testing/document-files.ts";
import { signUpThroughApi } from "./support/members.ts";

test("a visitor is sent to sign in first and comes back to the documents page", async ({ page }) => {
  await page.goto("/dokumen");
  await expect(page).toHaveURL(/\/masuk\?redirectTo=%2Fdokumen$/);
});

test("a member uploads, shares, unshares, renames and deletes documents; a disguised binary is refused", async ({ page, browser, context }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await signUpThroughApi(page, baseURL, "dokumen");
  const png = await image("png", 64, 48);

  // The header leads to the page.
  await page.goto("/");
  await page.getByRole("navigation", { name: "Navigasi utama" }).getByRole("link", { name: "Dokumen", exact: true }).click();
  await expect(page).toHaveURL(/\/dokumen$/);
  await expect(page.getByRole("heading", { level: 1, name: "Dokumen" })).toBeVisible();
  await expect(page.getByText("Belum ada dokumen.")).toBeVisible();
  const quota = page.getByRole("progressbar", { name: "Kuota penyimpanan" });
  await expect(quota).toHaveAttribute("aria-valuenow", "0");
  // The limits are the server's (the defaults: 10 MB per file, 100 MB in all).
  await expect(page.getByText(/Paling besar 10 MB per berkas/)).toBeVisible();
  await expect(page.getByTestId("quota-text")).toHaveText("0 B dari 100 MB terpakai");

  const upload = page.getByRole("region", { name: "Unggah dokumen" });
  const rows = page.getByTestId("document");

  // A PDF with a typed title.
  await upload.getByLabel("Judul").fill("Laporan kuartal");
  await upload.getByLabel("Berkas").setInputFiles({ name: "laporan.pdf", mimeType: "application/pdf", buffer: PDF });
  await upload.getByRole("button", { name: "Unggah" }).click();
  await expect(upload.getByRole("status")).toHaveText("“Laporan kuartal” sudah diunggah.");
  await expect(rows).toHaveCount(1);
  // The form is empty again for the next file.
  await expect(upload.getByLabel("Judul")).toHaveValue("");

  // A PNG: its title is taken from the file's name.
  await upload.getByLabel("Berkas").setInputFiles({ name: "diagram.png", mimeType: "image/png", buffer: png });
  await expect(upload.getByLabel("Judul")).toHaveValue("diagram");
  await upload.getByRole("button", { name: "Unggah" }).click();
  await expect(rows).toHaveCount(2);
  await expect(quota).toHaveAttribute("aria-valuenow", String(PDF.length + png.length));

  const pdfRow = rows.filter({ hasText: "Laporan kuartal" });
  const pngRow = rows.filter({ hasText: "diagram" });
  // Newest first.
  await expect(rows.first()).toContainText("diagram");
  await expect(pdfRow).toContainText(`PDF · ${PDF.length} B`);
  await expect(pngRow).toContainText("PNG");
  // The image's thumbnail loaded; the PDF has none.
  const thumbnail = pngRow.locator("img");
  await expect(thumbnail).toHaveAttribute("src", /^\/d\/doc_[0-9A-Z]{26}\/thumb$/);
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await expect(pdfRow.locator("img")).toHaveCount(0);
  // The owner's download.
  const href = await pdfRow.getByRole("link", { name: "Unduh “Laporan kuartal”" }).getAttribute("href");
  const own = await page.request.get(href!);
  expect(own.status()).toBe(200);
  expect(own.headers()["content-type"]).toBe("application/pdf");

  // Share the PDF: an absolute link, copied to the clipboard.
  await pdfRow.getByRole("button", { name: "Bagikan lewat tautan" }).click();
  const linkField = pdfRow.getByTestId("share-link");
  await expect(linkField).toHaveValue(new RegExp(`^${baseURL.replace(/\./g, "\\.")}/s/[A-Za-z0-9_-]{32}$`));
  const link = await linkField.inputValue();
  await expect(pdfRow.getByText("Dibagikan", { exact: true })).toBeVisible();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await pdfRow.getByRole("button", { name: "Salin" }).click();
  await expect(pdfRow.getByRole("button", { name: "Tersalin" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  // Someone signed out opens it in a browser of their own.
  const stranger = await browser.newContext();
  const shared = await stranger.request.get(link);
  expect(shared.status()).toBe(200);
  expect(shared.headers()["content-type"]).toBe("application/pdf");
  expect(Buffer.from(await shared.body()).equals(PDF)).toBe(true);
  // The document's own address stays the owner's.
  expect((await stranger.request.get(href!)).status()).toBe(404);

  // Unshared: the link is dead.
  await pdfRow.getByRole("button", { name: "Hentikan berbagi" }).click();
  await expect(pdfRow.getByTestId("share-link")).toHaveCount(0);
  await expect(pdfRow.getByRole("button", { name: "Bagikan lewat tautan" })).toBeVisible();
  expect((await stranger.request.get(link)).status()).toBe(404);
  await stranger.close();

  // Rename the image; a blank title is refused in its row.
  await pngRow.getByText("Ganti nama").click();
  await pngRow.getByLabel("Judul baru").fill("   ");
  await pngRow.getByRole("button", { name: "Simpan" }).click();
  await expect(pngRow.getByRole("alert")).toHaveText("Judul tidak boleh kosong.");
  await expect(pngRow.getByLabel("Judul baru")).toBeVisible();
  await pngRow.getByLabel("Judul baru").fill("Diagram arsitektur");
  await pngRow.getByRole("button", { name: "Simpan" }).click();
  const renamedRow = rows.filter({ hasText: "Diagram arsitektur" });
  await expect(renamedRow.getByRole("heading", { name: "Diagram arsitektur" })).toBeVisible();
  await expect(renamedRow.getByLabel("Judul baru")).toBeHidden();

  // Delete the PDF: nothing happens until the question is answered yes.
  page.once("dialog", (dialog) => void dialog.dismiss());
  await pdfRow.getByRole("button", { name: "Hapus" }).click();
  await expect(rows).toHaveCount(2);
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toBe("Hapus “Laporan kuartal”? Berkasnya tidak dapat dikembalikan.");
    void dialog.accept();
  });
  await pdfRow.getByRole("button", { name: "Hapus" }).click();
  await expect(rows).toHaveCount(1);
  await expect(quota).toHaveAttribute("aria-valuenow", String(png.length));
  expect((await page.request.get(href!)).status()).toBe(404);

  // An executable named like a picture: refused by its bytes, with the server's message.
  await upload.getByLabel("Judul").fill("Foto liburan");
  await upload.getByLabel("Berkas").setInputFiles({ name: "foto.png", mimeType: "image/png", buffer: ELF });
  await upload.getByRole("button", { name: "Unggah" }).click();
  await expect(upload.getByRole("alert")).toHaveText(m.error_document_unsupportedType());
  expect(m.error_document_unsupportedType()).toMatch(/^Jenis berkas tidak didukung/);
  await expect(rows).toHaveCount(1);
  await expect(quota).toHaveAttribute("aria-valuenow", String(png.length));

  // On a tablet and a phone, with a share link showing: nothing wider than the screen, the
  // member's header included.
  await renamedRow.getByRole("button", { name: "Bagikan lewat tautan" }).click();
  await expect(renamedRow.getByTestId("share-link")).toBeVisible();
  for (const width of [800, 412]) {
    await page.setViewportSize({ width, height: 915 });
    await page.reload();
    await expect(rows).toHaveCount(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${width} px`).toBe(true);
  }

  expect(errors, errors.join("\n")).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the upload and the row's forms still work as plain form posts", async ({ page }) => {
    await signUpThroughApi(page, baseURL, "tanpajs");
    await page.goto("/dokumen");
    const upload = page.getByRole("region", { name: "Unggah dokumen" });
    await upload.getByLabel("Judul").fill("Catatan rapat");
    await upload.getByLabel("Berkas").setInputFiles({ name: "rapat.pdf", mimeType: "application/pdf", buffer: PDF });
    await upload.getByRole("button", { name: "Unggah" }).click();
    // The server answers the bare form with a redirect back to the page.
    await expect(page).toHaveURL(/\/dokumen$/);
    const row = page.getByTestId("document").filter({ hasText: "Catatan rapat" });
    await expect(row).toHaveCount(1);
    await row.getByRole("button", { name: "Bagikan lewat tautan" }).click();
    await expect(row.getByTestId("share-link")).toHaveValue(/\/s\/[A-Za-z0-9_-]{32}$/);

    // Deleted elsewhere (another tab, the API) while this page still lists it.
    const id = (await row.getByRole("link", { name: /^Unduh/ }).getAttribute("href"))!.slice("/d/".length);
    const deleted = await page.request.post("/api/trpc/document.delete", { data: { json: { id } }, headers: { origin: baseURL } });
    expect(deleted.ok(), await deleted.text()).toBe(true);
    await row.getByRole("button", { name: "Hentikan berbagi" }).click();
    await expect(page.getByRole("alert")).toHaveText("Dokumen tidak ditemukan.");
    await expect(page.getByTestId("document")).toHaveCount(0);
  });
});
