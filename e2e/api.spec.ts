import { expect, test } from "@playwright/test";

// The same procedures the loaders call in-process, over HTTP at /api/trpc (superjson-encoded).
test.describe("tRPC over HTTP", () => {
  test("category.list answers with the seeded categories", async ({ request }) => {
    const response = await request.get("/api/trpc/category.list");
    expect(response.status()).toBe(200);
    const body = await response.json();
    const slugs = body.result.data.json.map((category: { slug: string }) => category.slug);
    expect(slugs).toContain("web-development");
    expect(slugs).toContain("devops");
  });

  test("bad input is a 400 BAD_REQUEST with a message a person understands", async ({ request }) => {
    const input = encodeURIComponent(JSON.stringify({ json: { id: -5 } }));
    const response = await request.get(`/api/trpc/thread.byId?input=${input}`);
    expect(response.status()).toBe(400);
    const body = await response.json();
    expect(body.error.json.data.code).toBe("BAD_REQUEST");
    expect(body.error.json.message).toMatch(/^id: /);
    expect(body.error.json.data).not.toHaveProperty("stack");
  });

  test("an unknown thread is a 404 NOT_FOUND", async ({ request }) => {
    const input = encodeURIComponent(JSON.stringify({ json: { id: 987654 } }));
    const response = await request.get(`/api/trpc/thread.byId?input=${input}`);
    expect(response.status()).toBe(404);
    expect((await response.json()).error.json.data.code).toBe("NOT_FOUND");
  });
});

// The REST API's reference page, served from the app itself (Scalar's bundle from the package).
test.describe("REST API reference", () => {
  test("/api/docs renders the operations in Chromium, with no CSP violation and nothing fetched elsewhere", async ({ page, baseURL }) => {
    const violations: string[] = [];
    const foreign: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    page.on("request", (request) => {
      if (!request.url().startsWith(baseURL!) && !request.url().startsWith("data:") && !request.url().startsWith("blob:")) {
        foreign.push(request.url());
      }
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    const response = await page.goto("/api/docs");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "Alephdraad API" }).first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText("/api/v1/threads/{id}").first()).toBeAttached();
    expect(violations).toEqual([]);
    expect(foreign).toEqual([]);
  });

  test("GET /api/v1/threads answers the seeded threads as plain JSON", async ({ request }) => {
    const response = await request.get("/api/v1/threads?limit=2");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.items.length).toBeGreaterThan(0);
    expect(typeof body.items[0].createdAt).toBe("string");
  });
});
