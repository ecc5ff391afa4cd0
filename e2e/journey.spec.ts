import { expect, test } from "@playwright/test";

// The seeded forum (prisma/seed-data.ts), read through the whole chain: Remix loader →
// tRPC caller → PostgreSQL for categories and threads, FerretDB for replies and reactions.
test("a visitor goes from the home page to a category and reads a thread", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));

  await page.goto("/");
  await expect(page).toHaveTitle(/Alephdraad/);
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  const newest = page.locator("section[aria-labelledby='terbaru-judul'] article");
  // Newest first. Other journeys may have added threads of their own, so only the seeded
  // ones' order is checked.
  await expect(newest.filter({ hasText: "Showcase: bot Telegram untuk jadwal KRL" })).toHaveCount(1);
  const titles = await newest.allTextContents();
  const position = (title: string) => titles.findIndex((text) => text.includes(title));
  expect(position("Showcase: bot Telegram")).toBeLessThan(position("Tips lolos technical interview"));
  expect(position("Tips lolos technical interview")).toBeGreaterThan(-1);

  await page.locator("#kategori").getByRole("link", { name: /Web Development/ }).click();
  await expect(page).toHaveURL(/\/c\/web-development$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Web Development");
  const title = "Cara Deploy Remix ke VPS dengan PM2 dan Nginx";
  await page.getByRole("link", { name: title }).click();

  await expect(page).toHaveURL(/\/t\/\d+\/cara-deploy-remix-ke-vps-dengan-pm2-dan-nginx$/);
  await expect(page).toHaveTitle(new RegExp(title));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.locator("link[rel=canonical]")).toHaveAttribute("href", /\/t\/\d+\/cara-deploy-remix/);
  // Rich content rendered from content_json, code blocks included.
  await expect(page.locator("pre code").first()).toContainText("npm run build");
  // Replies from FerretDB, three levels below the top one.
  await expect(page.getByText("Terima kasih, sangat membantu!")).toBeVisible();
  await expect(page.getByText("Sepakat, rate limiter kami juga di Redis dengan sliding window.")).toBeVisible();
  // Reaction counts from FerretDB: fire, like and love once each (links to sign in, for a visitor).
  const reactions = page.getByRole("region", { name: "Reaksi" });
  await expect(reactions.getByRole("link", { name: /^Keren: 1\b/ })).toBeVisible();
  await expect(reactions.getByRole("link", { name: /^Suka: 1\b/ })).toBeVisible();
  await expect(reactions.getByRole("link", { name: /^Sedih: 0\b/ })).toBeVisible();

  expect(errors, errors.join("\n")).toEqual([]);
});

test("the theme toggle switches to dark mode and the choice survives a reload", async ({ page }) => {
  await page.goto("/");
  const html = page.locator("html");
  const wasDark = ((await html.getAttribute("class")) ?? "").includes("dark");
  await page.getByRole("button", { name: "Ganti tema terang/gelap" }).click();
  await expect(html).toHaveClass(wasDark ? /^(?!.*\bdark\b)/ : /\bdark\b/);
  await page.reload();
  await expect(html).toHaveClass(wasDark ? /^(?!.*\bdark\b)/ : /\bdark\b/);
});

test("an unknown thread answers 404 with a friendly page", async ({ page }) => {
  const response = await page.goto("/t/999999/tidak-ada");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});

test("the header fits the screen and leads to every section, through the menu on phones", async ({ page }) => {
  await page.goto("/");
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  const menu = page.getByLabel("Menu");
  if (await menu.isVisible()) await menu.click();
  await page.getByRole("link", { name: "Aleph", exact: true }).click();
  await expect(page).toHaveURL(/\/(aleph|masuk)/);
});
