import { expect, type Page } from "@playwright/test";

let sequence = 0;

export interface Member {
  username: string;
  email: string;
  password: string;
}

/**
 * Signs a new member up through the API (CSRF wants the site's Origin); the session cookie lands
 * in the page's context.
 */
export async function signUpThroughApi(page: Page, baseURL: string, prefix: string): Promise<Member> {
  const username = `${prefix}${Date.now().toString(36)}${++sequence}`;
  const member = { username, email: `${username}@example.test`, password: "kopi-tubruk-panas-2026" };
  const response = await page.request.post("/api/trpc/auth.register", {
    data: { json: member },
    headers: { origin: baseURL },
  });
  expect(response.ok(), await response.text()).toBe(true);
  return member;
}

/** A tRPC mutation through the API as the page's signed-in member (CSRF wants the site's Origin). */
export async function mutate<T>(page: Page, baseURL: string, path: string, input: unknown): Promise<T> {
  const response = await page.request.post(`/api/trpc/${path}`, { data: { json: input }, headers: { origin: baseURL } });
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** A thread document of one paragraph. */
export const paragraph = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
