import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "../platform/db/postgres.ts";
import { startTestHttpApp } from "../testing/http.ts";

let app: Awaited<ReturnType<typeof startTestHttpApp>>;

beforeAll(async () => {
  // /healthz touches no database.
  app = await startTestHttpApp({} as Prisma);
});
afterAll(() => app?.close());

describe("the Content-Security-Policy", () => {
  it("loads images only from the site itself (and data: QR codes), never from a member's URL", async () => {
    const response = await fetch(`${app.origin}/healthz`);
    const policy = response.headers.get("content-security-policy") ?? "";
    const imgSrc = policy.split(";").map((part) => part.trim()).find((part) => part.startsWith("img-src"));
    expect(imgSrc).toBe("img-src 'self' data:");
  });
});
