import { expect, test } from "@playwright/test";
import { baseURL } from "../playwright.config.ts";
import { createSignedInAdmin } from "./support/admin.ts";
import { signUpThroughApi } from "./support/members.ts";

test.describe("managing the forum", () => {
  test("an admin creates a category and a badge, awards it; the member picks it as primary and sees it beside their name", async ({ page, browser }) => {
    // Setup and sign-in each need a code of another TOTP step, at worst after a wait for one.
    test.setTimeout(180_000);
    const suffix = Date.now().toString(36);
    await createSignedInAdmin(page, "manage", "/admin/kategori");

    // A category.
    const newCategory = page.getByRole("region", { name: "Kategori baru" });
    await newCategory.getByLabel("Nama").fill(`Rust ${suffix}`);
    await newCategory.getByLabel("Slug").fill(`rust-${suffix}`);
    // Icons are a fixed set of SVG drawings, chosen by name.
    await newCategory.getByRole("radio", { name: "Roket" }).check();
    await newCategory.getByRole("button", { name: "Buat kategori" }).click();
    await expect(page.getByText("Kategori disimpan.")).toBeVisible();
    await expect(page.getByTestId(`category-rust-${suffix}`)).toBeVisible();
    await expect(page.getByTestId(`category-rust-${suffix}`).locator('[data-icon="rocket"] svg').first()).toBeVisible();

    // A member, who writes a thread there.
    const memberContext = await browser.newContext();
    const memberPage = await memberContext.newPage();
    const member = await signUpThroughApi(memberPage, baseURL, "lencana");
    const doc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Borrow checker itu teman." }] }] };
    const created = await memberPage.request.post("/api/trpc/thread.create", {
      data: { json: { title: `Belajar Rust ${suffix}`, summary: "Catatan awal", categorySlug: `rust-${suffix}`, contentJson: doc } },
      headers: { origin: baseURL },
    });
    expect(created.ok(), await created.text()).toBe(true);
    const thread = (await created.json()).result.data.json as { id: number; slug: string };

    // A badge, awarded to the member by username.
    await page.goto("/admin/lencana");
    const newBadge = page.getByRole("region", { name: "Lencana baru" });
    const badgeName = `Rustacean ${suffix}`;
    await newBadge.getByLabel("Nama").fill(badgeName);
    await newBadge.getByRole("button", { name: "Buat lencana" }).click();
    await expect(page.getByText("Lencana disimpan.")).toBeVisible();
    const badgeCard = page.getByTestId(`badge-${badgeName}`);
    await badgeCard.getByLabel("Username anggota").fill(member.username);
    await badgeCard.getByRole("button", { name: "Berikan" }).click();
    await expect(page.getByText("Lencana diberikan.")).toBeVisible();
    await expect(page.getByTestId(`badge-${badgeName}`)).toContainText("1 pemegang");

    // The member picks it as primary, and sees it beside their name on their thread.
    await memberPage.goto("/pengaturan/profil");
    await memberPage.getByRole("radio", { name: badgeName }).check();
    await memberPage.getByRole("button", { name: "Simpan lencana utama" }).click();
    await expect(memberPage.getByText("Lencana utama disimpan.")).toBeVisible();
    await memberPage.goto(`/t/${thread.id}/${thread.slug}`);
    await expect(memberPage.getByTestId("primary-badge").first()).toHaveText(badgeName);
    await memberContext.close();

    // The staff log has every change.
    await page.goto("/admin/log");
    for (const action of ["category.create", "badge.create", "badge.award"]) await expect(page.getByText(action).first()).toBeVisible();
  });
});
