import { expect, type Page } from "@playwright/test";

let sequence = 0;

/**
 * Signs a new member up through the API (CSRF wants the site's Origin); the session cookie lands
 * in the page's context. Returns the username.
 */
export async function signUpThroughApi(page: Page, baseURL: string, prefix: string): Promise<string> {
  const username = `${prefix}${Date.now().toString(36)}${++sequence}`;
  const response = await page.request.post("/api/trpc/auth.register", {
    data: { json: { email: `${username}@example.test`, username, password: "kopi-tubruk-panas-2026" } },
    headers: { origin: baseURL },
  });
  expect(response.ok(), await response.text()).toBe(true);
  return username;
}
