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
