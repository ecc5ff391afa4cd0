import { expect, test, type Page } from "@playwright/test";
import { signUpThroughApi } from "./support/members.ts";

const tokensIn = async (page: Page) => Number(await page.getByTestId("aleph-balance").getAttribute("data-tokens"));

test("ask Aleph about a seeded thread: the answer streams in, cites the thread and is paid from the balance", async ({ page, baseURL }) => {
  await signUpThroughApi(page, baseURL!, "aleph");
  await page.goto("/");
  await page.getByRole("link", { name: "Aleph", exact: true }).click();
  await expect(page).toHaveURL(/\/aleph$/);
  await expect(page.getByRole("heading", { name: "Tanya Aleph" })).toBeVisible();
  await expect(page.getByTestId("aleph-balance")).toHaveText("Saldo: 10.000 token");
  const before = await tokensIn(page);

  await page.getByLabel("Pertanyaan untuk Aleph").fill("Bagaimana cara deploy Remix ke VPS pakai PM2 dan Nginx?");
  await page.getByRole("button", { name: "Kirim" }).click();

  // While streaming, the answer grows piece by piece and the stop button replaces send.
  const answer = page.getByTestId("aleph-answer").last();
  await expect(page.getByRole("button", { name: "Hentikan" })).toBeVisible();
  await expect(answer).toHaveAttribute("aria-busy", "true");
  const partial = (await answer.innerText()).length;
  await expect.poll(async () => (await answer.innerText()).length).toBeGreaterThan(partial);

  // Done: the stored answer cites the seeded thread with a working link, and shows its cost.
  await expect(page.getByTestId("aleph-cost")).toBeVisible({ timeout: 15_000 });
  const citation = answer.getByRole("link", { name: "Cara Deploy Remix ke VPS dengan PM2 dan Nginx" }).first();
  await expect(citation).toHaveAttribute("href", /^\/t\/\d+\/cara-deploy-remix-ke-vps-dengan-pm2-dan-nginx$/);
  const cost = Number((await page.getByTestId("aleph-cost").innerText()).replace(/\D/g, ""));
  expect(cost).toBeGreaterThan(0);

  // The balance dropped by exactly the tokens shown, and stays so after a reload.
  await expect.poll(() => tokensIn(page)).toBe(before - cost);
  await expect(page).toHaveURL(/\/aleph\?sesi=cht_/);
  await page.reload();
  expect(await tokensIn(page)).toBe(before - cost);
  await expect(page.getByTestId("aleph-sessions")).toContainText("Bagaimana cara deploy Remix ke VPS pakai PM2 dan Nginx?");

  await citation.click();
  await expect(page.getByRole("heading", { level: 1, name: "Cara Deploy Remix ke VPS dengan PM2 dan Nginx" })).toBeVisible();
});

test("visitors are sent to sign in first", async ({ page }) => {
  await page.goto("/aleph");
  await expect(page).toHaveURL(/\/masuk\?redirectTo=%2Faleph/);
});
