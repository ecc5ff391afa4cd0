import { expect, test } from "@playwright/test";
import { baseURL } from "../playwright.config.ts";
import { adminEmail, completeAdminSetup, createAdminWithCommand, signInAsAdmin } from "./support/admin.ts";
import { signUpThroughApi } from "./support/members.ts";

test.describe("admin area", () => {
  test("first admin by the command, setup with TOTP, sign-in with both, sessions, sign-out", async ({ page, browser }) => {
    // Setup and two sign-ins each need a code of another TOTP step (each counts once): three steps
    // the server accepts at once, or a wait for the next step (support/admin.ts).
    test.setTimeout(180_000);
    const email = adminEmail("first");
    const link = await createAdminWithCommand(email);
    expect(link).toMatch(new RegExp(`^${baseURL}/admin/siapkan/[\\w-]{43}$`));

    const admin = await completeAdminSetup(page, link, email);
    // The link works once.
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "Tautan tidak berlaku" })).toBeVisible();

    // The admin area without signing in: to the sign-in, and back afterwards.
    await page.goto("/admin/sesi");
    await expect(page).toHaveURL(/\/admin\/masuk\?redirectTo=%2Fadmin%2Fsesi$/);
    const response = await page.request.get("/admin/masuk");
    expect(response.headers()["cache-control"]).toBe("no-store");
    expect(response.headers()["x-robots-tag"]).toContain("noindex");

    // A wrong password reads like an unknown email.
    await page.getByLabel("Email admin").fill(email);
    await page.getByLabel("Kata sandi", { exact: true }).fill("bukan-kata-sandinya");
    await page.getByRole("button", { name: "Lanjut" }).click();
    await expect(page.getByRole("alert")).toHaveText("Email atau kata sandi admin salah.");

    await signInAsAdmin(page, admin, "/admin/sesi");
    await expect(page).toHaveURL(/\/admin\/sesi$/);
    const nav = page.getByRole("navigation", { name: "Navigasi admin" });
    for (const section of ["Dasbor", "Laporan", "Anggota", "Larangan perangkat", "Kategori", "Lencana", "Dompet", "Pembayaran", "Tugas gagal", "Log staf", "Sesi admin"]) {
      await expect(nav.getByRole("link", { name: section, exact: true })).toBeVisible();
    }
    await expect(page.getByTestId("admin-session")).toHaveCount(1);

    // A second browser signs in too; the first ends that session, and it is logged.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signInAsAdmin(otherPage, admin, "/admin/sesi");
    await page.reload();
    await expect(page.getByTestId("admin-session")).toHaveCount(2);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByTestId("admin-session").filter({ hasNotText: "Sesi ini" }).getByRole("button", { name: "Akhiri" }).click();
    await expect(page.getByText("Sesi diakhiri.")).toBeVisible();
    await expect(page.getByTestId("admin-session")).toHaveCount(1);
    await otherPage.reload();
    await expect(otherPage).toHaveURL(/\/admin\/masuk/);
    await other.close();

    await page.getByRole("link", { name: "Log staf" }).click();
    await expect(page.getByTestId("staff-action").first()).toContainText("admin_session.revoke");

    await page.getByRole("button", { name: "Keluar dari admin" }).first().click();
    await expect(page).toHaveURL(/\/admin\/masuk\?keluar=1$/);
    await page.goto("/admin/log");
    await expect(page).toHaveURL(/\/admin\/masuk\?redirectTo=/);
  });

  test("a member's session opens no admin page and no staff procedure", async ({ page }) => {
    await signUpThroughApi(page, baseURL, "bukanadmin");
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/admin\/masuk\?redirectTo=%2Fadmin$/);
    const staffCall = await page.request.get("/api/trpc/admin.sessions.list");
    expect(staffCall.status()).toBe(403);
    expect((await staffCall.json()).error.json.data.code).toBe("FORBIDDEN");
  });
});
