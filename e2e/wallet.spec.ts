import { expect, test } from "@playwright/test";
import { signUpThroughApi } from "./support/members.ts";

test("buy a package through the sandbox gateway, approve, and see the tokens arrive", async ({ page, baseURL }) => {
  await signUpThroughApi(page, baseURL!, "dompet");
  await page.goto("/");
  await page.getByRole("link", { name: "Dompet", exact: true }).click();
  await expect(page).toHaveURL(/\/dompet$/);
  await expect(page.getByTestId("wallet-tokens")).toHaveText("10.000");
  await expect(page.getByTestId("wallet-balance")).toHaveText("Rp 0");

  await page.getByTestId("package-starter").getByRole("button", { name: "Bayar langsung" }).click();
  await expect(page).toHaveURL(/\/sandbox-gateway\/pay\//);
  await expect(page.getByText("Rp 50.000", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Setujui pembayaran" }).click();

  await expect(page).toHaveURL(/\/dompet\?pesanan=/);
  await expect(page.getByTestId("payment-return")).toContainText("berhasil");
  await expect(page.getByTestId("wallet-tokens")).toHaveText("20.500");
  await expect(page.getByTestId("payment-order").first()).toContainText("Berhasil");

  // The ledger shows the purchase, with a receipt.
  const entry = page.getByTestId("ledger-entry").first();
  await expect(entry).toContainText("Paket Starter");
  // Paid through the sandbox: test money, and the page says so.
  await expect(entry.getByTestId("test-money")).toHaveText("Uang uji");
  await expect(page.getByTestId("sandbox-notice")).toBeVisible();
  await entry.getByRole("link", { name: "Bukti" }).click();
  await expect(page.getByTestId("receipt")).toContainText("10.500");
});

test("decline a top-up and see it marked failed, with nothing credited", async ({ page, baseURL }) => {
  await signUpThroughApi(page, baseURL!, "dompet");
  await page.goto("/dompet");
  await page.getByLabel("Jumlah (Rp)").fill("75000");
  await page.getByRole("button", { name: "Lanjut ke pembayaran" }).click();
  await expect(page).toHaveURL(/\/sandbox-gateway\/pay\//);
  await page.getByRole("button", { name: "Tolak" }).click();

  await expect(page).toHaveURL(/\/dompet\?pesanan=/);
  await expect(page.getByTestId("payment-return")).toContainText("gagal");
  await expect(page.getByTestId("payment-order").first()).toContainText("Gagal");
  await expect(page.getByTestId("wallet-balance")).toHaveText("Rp 0");
});

test("top up through the gateway, then buy a package with the balance", async ({ page, baseURL }) => {
  await signUpThroughApi(page, baseURL!, "dompet");
  await page.goto("/dompet");
  await page.getByLabel("Jumlah (Rp)").fill("60000");
  await page.getByRole("button", { name: "Lanjut ke pembayaran" }).click();
  await page.getByRole("button", { name: "Setujui pembayaran" }).click();
  await expect(page.getByTestId("wallet-balance")).toHaveText("Rp 60.000");

  await page.getByTestId("package-starter").getByRole("button", { name: "Bayar dengan saldo" }).click();
  await expect(page.getByText("Paket Starter dibeli")).toBeVisible();
  await expect(page.getByTestId("wallet-balance")).toHaveText("Rp 10.000");
  await expect(page.getByTestId("wallet-tokens")).toHaveText("20.500");
  // Not enough left for another: the button says so by being disabled.
  await expect(page.getByTestId("package-starter").getByRole("button", { name: "Bayar dengan saldo" })).toBeDisabled();

  await page.getByLabel("Jenis").selectOption("token_purchase");
  await page.getByRole("button", { name: "Terapkan" }).click();
  await expect(page.getByTestId("ledger-entry")).toHaveCount(1);
});
