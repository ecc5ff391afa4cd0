import { createTRPCClient, httpBatchStreamLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createForumTestDatabase, forumFixtures } from "../testing/forum.ts";
import { startTestHttpApp } from "../testing/http.ts";
import { connectTestMongo } from "../testing/mongo.ts";
import type { AppRouter } from "../trpc/root.ts";

// Aleph's streamed answer through the real Express app (CSRF check, compression, tRPC) and the
// browser's own tRPC link.
let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: Awaited<ReturnType<typeof connectTestMongo>>;
let http: Awaited<ReturnType<typeof startTestHttpApp>>;
let base = "";

beforeAll(async () => {
  [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  const fixtures = forumFixtures(db.prisma);
  const author = await fixtures.user();
  const category = await fixtures.category();
  await fixtures.thread({ categoryId: category.id, authorId: author.id, title: "Deploy Remix ke VPS dengan PM2" });
  http = await startTestHttpApp(db.prisma, { CAPTCHA_ENABLED: "false", RATE_LIMIT_ENABLED: "false" });
  base = http.origin;
});
afterAll(async () => {
  await http?.close();
  await Promise.all([db?.close(), mongo?.drop()]);
});

let sequence = 0;
async function signedInClient(origin = base) {
  const username = `stream${++sequence}`;
  const response = await fetch(`${base}/api/trpc/auth.register`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ json: { email: `${username}@example.test`, username, password: "bakso-urat-malang-5" } }),
  });
  expect(response.status).toBe(200);
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0]!;
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchStreamLink({
        url: `${base}/api/trpc`,
        transformer: superjson,
        // A browser that accepts gzip: the stream must still arrive piece by piece.
        headers: { cookie, origin, "accept-encoding": "gzip" },
      }),
    ],
  });
}

describe("chat.sendStream over HTTP", () => {
  it("delivers the answer piece by piece as it is generated, then the result", async () => {
    const client = await signedInClient();
    const started = Date.now();
    const arrivals: { type: string; at: number }[] = [];
    let text = "";
    let remainingBalance = -1;
    for await (const event of await client.chat.sendStream.mutate({ content: "Cara deploy Remix ke VPS?" })) {
      arrivals.push({ type: event.type, at: Date.now() - started });
      if (event.type === "delta") text += event.text;
      else remainingBalance = event.result.remainingBalance;
    }
    const deltas = arrivals.filter((arrival) => arrival.type === "delta");
    expect(deltas.length).toBeGreaterThan(5);
    // Buffered by compression, everything would arrive at once at the end.
    expect(arrivals.at(-1)!.at - deltas[0]!.at).toBeGreaterThan(150);
    expect(text).toContain("Deploy Remix ke VPS dengan PM2");
    expect(remainingBalance).toBeGreaterThan(0);
    expect(remainingBalance).toBeLessThan(10_000);
  });

  it("charges and stores nothing when the reader stops mid-answer", async () => {
    const client = await signedInClient();
    const controller = new AbortController();
    const events = await client.chat.sendStream.mutate({ content: "Cara deploy Remix ke VPS?" }, { signal: controller.signal });
    const stopped = (async () => {
      for await (const event of events) if (event.type === "delta") controller.abort();
    })();
    await expect(stopped).rejects.toThrow();
    // The server notices the closed connection, stops the answer and releases the reservation.
    await expect.poll(async () => (await client.chat.overview.query()).tokenBalance, { timeout: 5_000 }).toBe(10_000);
    expect(await client.chat.listSessions.query()).toEqual([]);
  });

  it("refuses a cross-site request carrying the session cookie, charging nothing", async () => {
    const client = await signedInClient("http://evil.example");
    const error = await client.chat.sendStream.mutate({ content: "Cara deploy Remix?" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<AppRouter>).data?.code).toBe("FORBIDDEN");
  });
});
