import { expect, test, type Browser, type Page } from "@playwright/test";
import { freePort, startAppServer, stop, waitFor } from "./support/processes.ts";

let sequence = 0;
function newMember() {
  const username = `anggota${Date.now().toString(36)}${++sequence}`;
  return { username, email: `${username}@example.test`, password: "kopi-tubruk-panas-2026" };
}
type Member = ReturnType<typeof newMember>;

async function signUp(page: Page, member: Member) {
  await page.goto("/daftar");
  await page.getByLabel("Email").fill(member.email);
  await page.getByLabel("Username").fill(member.username);
  await page.getByLabel("Kata sandi").fill(member.password);
  await page.getByRole("button", { name: "Daftar" }).click();
}

async function signIn(page: Page, identifier: string, password: string) {
  await page.getByLabel("Email atau username").fill(identifier);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("button", { name: "Masuk", exact: true }).click();
}

/** The link in the newest mail to `to` about `subject`, read from the dev mailbox page. */
async function linkFromMail(page: Page, to: string, subject: string): Promise<string> {
  let href: string | null = null;
  // Mail goes out after the answer, so it may take a moment to arrive.
  await expect(async () => {
    await page.goto("/dev/mailbox");
    const mail = page.getByTestId("dev-mail").filter({ hasText: to }).filter({ hasText: subject }).first();
    href = await mail.locator("a").first().getAttribute("href", { timeout: 1000 });
    expect(href).toBeTruthy();
  }).toPass({ timeout: 10_000 });
  return href ?? "";
}

test.describe("accounts", () => {
  test("register, read the verification mail, verify, sign out, sign in", async ({ page }) => {
    const member = newMember();
    await signUp(page, member);
    await expect(page.getByTestId("account-link")).toHaveText(member.username);
    await expect(page.getByText("Email kamu belum diverifikasi")).toBeVisible();

    const link = await linkFromMail(page, member.email, "Verifikasi email");
    expect(link).toMatch(/\/verifikasi-email\?token=[\w-]{43}$/);
    await page.goto(link);
    await page.getByRole("button", { name: "Verifikasi email" }).click();
    await expect(page.getByRole("status")).toHaveText("Email kamu sudah terverifikasi. Terima kasih!");

    // The same link a second time is refused: tokens are single-use.
    await page.goto(link);
    await page.getByRole("button", { name: "Verifikasi email" }).click();
    await expect(page.getByRole("alert")).toContainText("sudah dipakai");

    await page.goto("/pengaturan/profil");
    await expect(page.getByText("(terverifikasi)")).toBeVisible();
    await expect(page.getByText("Email kamu belum diverifikasi")).toHaveCount(0);

    await page.getByRole("button", { name: "Keluar" }).click();
    await expect(page.getByRole("link", { name: "Masuk" })).toBeVisible();
    await page.goto("/masuk?redirectTo=/c/devops");
    await signIn(page, member.username.toUpperCase(), member.password);
    await expect(page).toHaveURL(/\/c\/devops$/);
    await expect(page.getByTestId("account-link")).toHaveText(member.username);
  });

  test("reset a forgotten password from the mail", async ({ page }) => {
    const member = newMember();
    await signUp(page, member);
    await page.getByRole("button", { name: "Keluar" }).click();
    // Let the sign-out finish its redirect before navigating, or it lands afterwards.
    await expect(page.getByRole("link", { name: "Masuk" })).toBeVisible();

    await page.goto("/masuk");
    await page.getByRole("link", { name: "Lupa kata sandi?" }).click();
    // Until the navigation lands, "Email" would also match the sign-in form's field.
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lupa kata sandi");
    await page.getByLabel("Email", { exact: true }).fill(member.email);
    await page.getByRole("button", { name: "Kirim tautan" }).click();
    await expect(page.getByRole("status")).toContainText(`Jika ${member.email} terdaftar`);

    const link = await linkFromMail(page, member.email, "Atur ulang kata sandi");
    await page.goto(link);
    await page.getByLabel("Kata sandi baru").fill("teh-manis-hangat-2027");
    await page.getByRole("button", { name: "Simpan kata sandi" }).click();
    await expect(page.getByRole("status")).toContainText("Kata sandi baru sudah disimpan");

    await page.goto("/masuk");
    await signIn(page, member.email, member.password);
    await expect(page.getByRole("alert")).toHaveText("Email/username atau kata sandi salah.");
    await signIn(page, member.email, "teh-manis-hangat-2027");
    await expect(page.getByTestId("account-link")).toHaveText(member.username);

    await page.goto("/pengaturan/keamanan");
    const events = page.getByTestId("security-events");
    await expect(events.getByText("Kata sandi diganti")).toBeVisible();
    await expect(events.getByText("Percobaan masuk gagal")).toBeVisible();
  });

  test("field errors, the server's message, and no off-site redirect", async ({ page }) => {
    await signUp(page, { username: "x!", email: "bukan-email", password: "pendek" });
    await expect(page.getByRole("alert")).toHaveText("Periksa kembali isian yang ditandai.");
    await expect(page.getByText("Alamat email tidak valid.")).toBeVisible();
    await expect(page.getByText("Kata sandi minimal 10 karakter.")).toBeVisible();

    await page.goto("/masuk?redirectTo=//evil.example");
    await signIn(page, "tidak-ada-orangnya", "salah-sekali-123");
    await expect(page.getByRole("alert")).toHaveText("Email/username atau kata sandi salah.");
  });

  test("sessions page: revoke another device, which is signed out at once", async ({ page, browser }) => {
    const member = newMember();
    await signUp(page, member);
    const other = await signedInElsewhere(browser, member);

    await page.goto("/pengaturan/sesi");
    const sessions = page.getByTestId("session");
    await expect(sessions).toHaveCount(2);
    await expect(sessions.filter({ hasText: "Perangkat ini" })).toHaveCount(1);
    await sessions.filter({ hasNotText: "Perangkat ini" }).getByRole("button", { name: /Cabut sesi/ }).click();
    await expect(page.getByRole("status")).toHaveText("Sesi dicabut.");
    await expect(page.getByTestId("session")).toHaveCount(1);

    await other.goto("/pengaturan/sesi");
    await expect(other).toHaveURL(/\/masuk\?redirectTo=%2Fpengaturan%2Fsesi$/);
    await other.context().close();
  });
});

async function signedInElsewhere(browser: Browser, member: Member): Promise<Page> {
  const context = await browser.newContext({ userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0" });
  const page = await context.newPage();
  await page.goto("/masuk");
  await signIn(page, member.email, member.password);
  await expect(page.getByTestId("account-link")).toHaveText(member.username);
  return page;
}

// The shared e2e server runs without CAPTCHA and rate limits (journeys sign up through the
// API); this server of its own, on the same databases, has both on, as production does.
test.describe("request chain in the browser", () => {
  let server: ReturnType<typeof startAppServer> | undefined;
  let origin = "";

  test.beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    server = startAppServer({
      PORT: String(port),
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
      MONGODB_URL: process.env.E2E_MONGODB_URL ?? "",
      REDIS_URL: "",
      MIGRATE_ON_START: "false",
      CAPTCHA_ENABLED: "true",
      RATE_LIMIT_ENABLED: "true",
    });
    await waitFor(async () => (await fetch(`${origin}/healthz`)).ok, "the CAPTCHA server");
  });
  test.afterAll(async () => {
    if (server) await stop(server.child);
  });

  test("the proof-of-work widget lets a person register; a program without it is refused", async ({ page, request }) => {
    const member = newMember();
    await page.goto(`${origin}/daftar`);
    await page.getByLabel("Email").fill(member.email);
    await page.getByLabel("Username").fill(member.username);
    await page.getByLabel("Kata sandi").fill(member.password);
    await expect(page.getByText("Terverifikasi")).toBeVisible({ timeout: 20_000 });
    await page.getByRole("button", { name: "Daftar" }).click();
    await expect(page.getByTestId("account-link")).toHaveText(member.username);

    const response = await request.post(`${origin}/api/trpc/auth.register`, {
      data: { json: { ...newMember() } },
      headers: { origin },
    });
    expect(response.status()).toBe(400);
    expect((await response.json()).error.json.message).toBe("Selesaikan verifikasi CAPTCHA terlebih dahulu.");
  });

  test("a form post over the limit gets 429 with Retry-After and the reason on the page", async ({ page }) => {
    const email = `${newMember().username}@example.test`;
    const perAccount = 3; // RATE_LIMIT_RULES.passwordReset.account
    for (let i = 0; i <= perAccount; i++) {
      await page.goto(`${origin}/lupa-sandi`);
      await page.getByLabel("Email").fill(email);
      await expect(page.getByText("Terverifikasi")).toBeVisible({ timeout: 20_000 });
      const answer = page.waitForResponse((response) => response.request().method() === "POST" && response.url().includes("/lupa-sandi"));
      await page.getByRole("button", { name: "Kirim tautan" }).click();
      const response = await answer;
      if (i < perAccount) {
        await expect(page.getByRole("status")).toContainText(email);
      } else {
        expect(response.status()).toBe(429);
        expect(Number(response.headers()["retry-after"])).toBeGreaterThan(0);
        await expect(page.getByRole("alert")).toContainText("Terlalu banyak percobaan. Coba lagi dalam");
      }
    }
  });
});
