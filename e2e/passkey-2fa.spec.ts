import { expect, test, type Page } from "@playwright/test";
import { generate } from "otplib";
import { baseURL } from "../playwright.config.ts";
import { signUpThroughApi } from "./support/members.ts";

// WebAuthn needs a host name as relying-party ID (an IP address is refused), and localhost is a
// secure context over plain HTTP: the same server, reached as localhost.
const siteURL = baseURL.replace("127.0.0.1", "localhost");
test.use({ baseURL: siteURL });

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Keluar", exact: true }).click();
  await expect(page.getByRole("link", { name: "Masuk" })).toBeVisible();
}

async function signInWithPassword(page: Page, identifier: string, password: string) {
  await page.goto("/masuk");
  await page.getByLabel("Email atau username").fill(identifier);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("button", { name: "Masuk", exact: true }).click();
}

/** Password first, then the second-factor page with `code`. */
async function signInWithSecondFactor(page: Page, identifier: string, password: string, code: string) {
  await signInWithPassword(page, identifier, password);
  await expect(page).toHaveURL(/\/masuk\/2fa/);
  await page.getByLabel("Kode verifikasi").fill(code);
  await page.getByRole("button", { name: "Verifikasi" }).click();
}

test("add a passkey, sign out, sign in with it", async ({ page }) => {
  const member = await signUpThroughApi(page, siteURL, "kunci");
  // Chromium's virtual authenticator: a platform passkey that verifies its user.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  await page.goto("/pengaturan/passkey");
  await expect(page.getByText("Belum ada passkey.")).toBeVisible();
  await page.getByLabel("Nama passkey").fill("Laptop uji");
  await page.getByRole("button", { name: "Tambah passkey" }).click();
  await expect(page.getByRole("status")).toHaveText('Passkey "Laptop uji" ditambahkan.');
  await expect(page.getByTestId("passkey")).toHaveCount(1);
  await expect(page.getByTestId("passkey")).toContainText("Laptop uji");

  await signOut(page);
  await page.goto("/masuk?redirectTo=/pengaturan/passkey");
  await page.getByRole("button", { name: "Masuk dengan passkey" }).click();
  await expect(page).toHaveURL(/\/pengaturan\/passkey$/);
  await expect(page.getByTestId("account-link")).toHaveText(member.username);
  await expect(page.getByTestId("passkey")).toContainText("Terakhir dipakai");
  await expect(page.getByTestId("passkey")).not.toContainText("Belum pernah");
});

test("turn on TOTP, sign in with a code, then with a backup code that works only once", async ({ page }) => {
  const member = await signUpThroughApi(page, siteURL, "kunci");
  await page.goto("/pengaturan/dua-langkah");
  await page.getByRole("button", { name: "Aktifkan" }).click();
  await expect(page.getByRole("img", { name: "Kode QR untuk aplikasi autentikator" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel("Kode dari aplikasi").fill(await generate({ secret }));
  await page.getByRole("button", { name: "Konfirmasi dan aktifkan" }).click();
  await expect(page.getByTestId("backup-code")).toHaveCount(10);
  const backupCodes = await page.getByTestId("backup-code").allTextContents();
  await expect(page.getByTestId("two-factor-status")).toHaveText("Aktif");

  // A code is accepted once, so sign-in uses the next period's code (within the allowed drift).
  const nextCode = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
  for (const [identifier, code] of [
    [member.username, nextCode],
    [member.email, backupCodes[0]!],
  ] as const) {
    await signOut(page);
    await signInWithSecondFactor(page, identifier, member.password, code);
    await expect(page).toHaveURL(`${siteURL}/`);
    await expect(page.getByTestId("account-link")).toHaveText(member.username);
  }

  await signOut(page);
  await signInWithSecondFactor(page, member.username, member.password, backupCodes[0]!);
  await expect(page.getByRole("alert")).toContainText("sudah pernah dipakai");
  await expect(page).toHaveURL(/\/masuk\/2fa/);
});

test("create a personal access token, use it as a program, revoke it", async ({ page, playwright }) => {
  const member = await signUpThroughApi(page, siteURL, "kunci");
  await page.goto("/pengaturan/token");
  await expect(page.getByText("Belum ada token akses.")).toBeVisible();
  await page.getByLabel("Nama token").fill("Skrip harian");
  await page.getByRole("button", { name: "Buat token" }).click();
  const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^aleph_pat_/);
  await expect(page.getByTestId("token")).toContainText("Skrip harian");

  // A program: no cookies, only the bearer token.
  const program = await playwright.request.newContext({ baseURL: siteURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const me = async () => (await (await program.get("/api/trpc/auth.me")).json()).result.data.json;
  expect(await me()).toMatchObject({ username: member.username });
  const manage = await program.get("/api/trpc/user.accessTokens.list");
  expect(manage.status()).toBe(403);
  // Its list entry says how it was used: from where, how often, with which scopes.
  await page.reload();
  await expect(page.getByTestId("token-use")).toContainText(/127\.0\.0\.1/);
  await expect(page.getByTestId("token-use")).toContainText("2 permintaan dalam 24 jam");
  await expect(page.getByTestId("token")).toContainText("content:write");

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Cabut" }).click();
  await expect(page.getByText("Belum ada token akses.")).toBeVisible();
  // A revoked token is refused outright (401), not taken for an anonymous visitor.
  expect((await program.get("/api/trpc/auth.me")).status()).toBe(401);
  await program.dispose();
});
