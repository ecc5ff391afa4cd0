import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, type Page } from "@playwright/test";
import { generate } from "otplib";
import { baseURL } from "../../playwright.config.ts";

const root = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);
const PERIOD_SECONDS = 30;

export interface E2eAdmin {
  email: string;
  password: string;
  secret: string;
  /** The TOTP time step last used: each code is accepted once, so the next sign-in needs a newer one. */
  lastTimeStep: number;
}

let sequence = 0;

/** A new address for an admin of this run. */
export function adminEmail(prefix = "admin"): string {
  return `${prefix}${Date.now().toString(36)}${++sequence}@staff.example.test`;
}

/**
 * `npm run admin:create -- --email <email>` against the browser journeys' database (the one
 * the e2e server runs on), with APP_URL set to that server: answers the setup link it printed.
 */
export async function createAdminWithCommand(email: string, extraArgs: string[] = []): Promise<string> {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error("E2E_DATABASE_URL is not set: run the browser journeys through npm test");
  const { stdout } = await run("npm", ["run", "--silent", "admin:create", "--", "--email", email, ...extraArgs], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, APP_URL: baseURL, NODE_ENV: "test", LOG_LEVEL: "warn" },
  });
  const link = /setup link \(valid 24 hours, once\): (\S+)/.exec(stdout)?.[1];
  if (!link) throw new Error(`admin:create printed no setup link:\n${stdout}`);
  return link;
}

const timeStepAt = (ms: number) => Math.floor(ms / 1000 / PERIOD_SECONDS);
// The server accepts a code of the current step or of one either side (two-factor/totp.ts), each
// step once. The step before is used only while it stays accepted this long: the time a filled-in
// form takes to reach the server on a loaded machine.
const SUBMIT_MARGIN_MS = 10_000;

/**
 * A code of the earliest step after `afterStep` that the server will still accept when it
 * arrives, so a journey waits for a new step only after it used up the three it accepts.
 */
async function freshCode(page: Page, secret: string, afterStep: number): Promise<{ code: string; step: number }> {
  const step = Math.max(afterStep + 1, timeStepAt(Date.now() + SUBMIT_MARGIN_MS) - 1);
  while (timeStepAt(Date.now()) + 1 < step) await page.waitForTimeout(500);
  return { code: await generate({ secret, epoch: step * PERIOD_SECONDS }), step };
}

/** Opens a setup link, reads the TOTP secret the page shows, confirms a code and chooses a password. */
export async function completeAdminSetup(page: Page, link: string, email: string): Promise<E2eAdmin> {
  const password = `kunci-admin-${Date.now().toString(36)}`;
  await page.goto(link);
  await page.getByRole("button", { name: "Tampilkan kode QR" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  const { code, step } = await freshCode(page, secret, 0);
  await page.getByLabel("Kode dari aplikasi").fill(code);
  await page.getByLabel("Kata sandi baru").fill(password);
  await page.getByRole("button", { name: "Selesaikan penyiapan" }).click();
  await expect(page).toHaveURL(/\/admin\/masuk\?siap=1$/);
  return { email, password, secret, lastTimeStep: step };
}

/** Signs in at /admin/masuk with password and a fresh TOTP code; lands on `redirectTo` (default /admin). */
export async function signInAsAdmin(page: Page, admin: E2eAdmin, redirectTo?: string) {
  await page.goto(redirectTo ? `/admin/masuk?${new URLSearchParams({ redirectTo })}` : "/admin/masuk");
  await page.getByLabel("Email admin").fill(admin.email);
  await page.getByLabel("Kata sandi", { exact: true }).fill(admin.password);
  await page.getByRole("button", { name: "Lanjut" }).click();
  const { code, step } = await freshCode(page, admin.secret, admin.lastTimeStep);
  await page.getByLabel("Kode 6 angka").fill(code);
  await page.getByRole("button", { name: "Masuk", exact: true }).click();
  admin.lastTimeStep = step;
  await expect(page.getByTestId("admin-area")).toBeVisible();
}

/** The whole way in for journeys that need an admin: the command, the setup link, the sign-in. */
export async function createSignedInAdmin(page: Page, prefix = "admin", redirectTo?: string): Promise<E2eAdmin> {
  const email = adminEmail(prefix);
  const admin = await completeAdminSetup(page, await createAdminWithCommand(email), email);
  await signInAsAdmin(page, admin, redirectTo);
  return admin;
}
