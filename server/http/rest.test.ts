import { validate } from "@scalar/openapi-parser";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCESS_SCOPES } from "../modules/access-token/scopes.ts";
import { createAccessToken } from "../modules/access-token/service.ts";
import { createForumTestDatabase, forumFixtures } from "../testing/forum.ts";
import { startTestHttpApp } from "../testing/http.ts";
import { connectTestMongo } from "../testing/mongo.ts";
import { appRouter, type AppRouter } from "../trpc/root.ts";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { REST_PREFIX } from "./rest-errors.ts";
import { SCALAR_PATCHES, scalarBundle } from "./rest.ts";

/*
 * REST (/api/v1) through the real Express app: the same data as tRPC, writes with a token, one
 * error shape with tRPC's codes and messages, and an OpenAPI 3.1 document that validates.
 */

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: Awaited<ReturnType<typeof connectTestMongo>>;
let http: Awaited<ReturnType<typeof startTestHttpApp>>;
let base = "";
let token = "";
let otherToken = "";
/** Members of their own for tests whose writes would meet another test's write limit. */
let freshToken: () => Promise<string>;
let threadId = 0;
let categorySlug = "";
const client = { ipAddress: null, userAgent: null, deviceFingerprint: null };

beforeAll(async () => {
  [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  const fixtures = forumFixtures(db.prisma);
  const [author, other] = await Promise.all([fixtures.user({ username: "penulis" }), fixtures.user({ username: "lainnya" })]);
  const category = await fixtures.category({ slug: "web-dev" });
  categorySlug = category.slug;
  threadId = (await fixtures.thread({ categoryId: category.id, authorId: author.id, title: "Deploy Remix ke VPS" })).id;
  token = (await createAccessToken(db.prisma, author.id, { name: "rest", expiresInDays: null, scopes: ACCESS_SCOPES }, client)).token;
  otherToken = (await createAccessToken(db.prisma, other.id, { name: "rest", expiresInDays: null, scopes: ACCESS_SCOPES }, client)).token;
  freshToken = async () => (await createAccessToken(db.prisma, (await fixtures.user()).id, { name: "rest", expiresInDays: null, scopes: ACCESS_SCOPES }, client)).token;
  http = await startTestHttpApp(db.prisma, { CAPTCHA_ENABLED: "false", RATE_LIMIT_ENABLED: "true" });
  base = http.origin;
}, 60_000);
afterAll(async () => {
  await http?.close();
  await Promise.all([db?.close(), mongo?.drop()]);
});

function rest(path: string, options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  return fetch(`${base}${path}`, {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

function trpcClient(bearer: string) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${base}/api/trpc`, transformer: superjson, headers: { authorization: `Bearer ${bearer}` } })],
  });
}

/** A value as it travels in JSON (dates as ISO strings). */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));

describe("REST answers what tRPC answers", () => {
  it("GET /api/v1/threads/{id} with a token returns the thread tRPC returns", async () => {
    const response = await rest(`/api/v1/threads/${threadId}`, { token });
    expect(response.status).toBe(200);
    const body = await response.json();
    const viaTrpc = await trpcClient(token).thread.byId.query({ id: threadId });
    expect(body).toEqual(asJson(viaTrpc));
    expect(body).toMatchObject({ id: threadId, title: "Deploy Remix ke VPS", author: { username: "penulis" } });
  });

  it("lists with query parameters as numbers and enums (coerced from the query string)", async () => {
    const response = await rest(`/api/v1/threads?categorySlug=${categorySlug}&limit=1&sort=active`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual(asJson(await trpcClient(token).thread.list.query({ categorySlug, limit: 1, sort: "active" })));
    expect(body.items).toHaveLength(1);
  });

  it("a signed-in read: the wallet of the token's owner, never anyone else's", async () => {
    const mine = await (await rest("/api/v1/wallet", { token })).json();
    const theirs = await (await rest("/api/v1/wallet", { token: otherToken })).json();
    expect(mine.userId).not.toBe(theirs.userId);
    expect(mine).toEqual(asJson(await trpcClient(token).wallet.get.query()));
  });
});

describe("REST writes", () => {
  it("POST /api/v1/threads/{threadId}/replies replies as the token's owner; the tRPC list shows it", async () => {
    const response = await rest(`/api/v1/threads/${threadId}/replies`, { method: "POST", token, body: { content: "Pakai PM2 cluster mode." } });
    expect(response.status).toBe(200);
    const reply = await response.json();
    expect(reply).toMatchObject({ username: "penulis", content: "Pakai PM2 cluster mode.", depth: 0 });
    const page = await trpcClient(otherToken).reply.listByThread.query({ threadId });
    expect(page.items.map((item) => item.id)).toContain(reply.id);
  });

  it("another member's token cannot delete that reply (403, tRPC's message)", async () => {
    const reply = await (await rest(`/api/v1/threads/${threadId}/replies`, { method: "POST", token: await freshToken(), body: { content: "Miliknya." } })).json();
    const response = await rest(`/api/v1/replies/${reply.id}`, { method: "DELETE", token: otherToken });
    expect(response.status).toBe(403);
    const body = await response.json();
    expect(body).toMatchObject({ code: "FORBIDDEN", message: expect.any(String) });
    await expect(trpcClient(otherToken).reply.delete.mutate({ id: reply.id })).rejects.toMatchObject({ message: body.message });
  });

  it("a cookie-less token POST needs no Origin (no ambient credential); a cookie POST from elsewhere is refused", async () => {
    const reaction = await rest(`/api/v1/threads/${threadId}/reactions`, { method: "POST", token, body: { type: "fire" }, headers: { origin: "http://evil.example" } });
    expect(reaction.status).toBe(200);
    expect(await reaction.json()).toMatchObject({ mine: "fire", counts: { fire: 1 } });
    const forged = await rest(`/api/v1/threads/${threadId}/reactions`, {
      method: "POST",
      body: { type: "fire" },
      headers: { origin: "http://evil.example", cookie: "aleph_session=anything" },
    });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("Origin") });
  });
});

describe("another member's data over REST", () => {
  it("a chat session is found by its owner's token only (404 for anyone else, as over tRPC)", async () => {
    const created = await rest("/api/v1/chat/sessions", { method: "POST", token, body: { title: "Rahasia" } });
    expect(created.status).toBe(200);
    const session = await created.json();
    expect((await rest(`/api/v1/chat/sessions/${session.id}`, { token })).status).toBe(200);
    const foreign = await rest(`/api/v1/chat/sessions/${session.id}`, { token: otherToken });
    expect(foreign.status).toBe(404);
    const body = await foreign.json();
    await expect(trpcClient(otherToken).chat.getSession.query({ sessionId: session.id })).rejects.toMatchObject({ message: body.message });
  });
});

describe("REST errors: one JSON shape, tRPC's codes and messages", () => {
  it("400: an invalid input names every issue in Indonesian, as tRPC does", async () => {
    const response = await rest(`/api/v1/threads/${threadId}/replies`, { method: "POST", token: await freshToken(), body: { content: "" } });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toMatchObject({ code: "BAD_REQUEST", message: "content: Balasan tidak boleh kosong.", data: { fieldErrors: { content: ["Balasan tidak boleh kosong."] } } });
    await expect(trpcClient(await freshToken()).reply.create.mutate({ threadId, content: "" })).rejects.toMatchObject({ message: body.message });
  });

  it("400 for a path parameter that is no id, and for a body that is not JSON", async () => {
    expect((await rest("/api/v1/threads/abc")).status).toBe(400);
    const broken = await fetch(`${base}/api/v1/threads/${threadId}/replies`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: "PARSE_ERROR" });
  });

  it("inputs at the limits: limit 50 passes and 51 does not; a body over 1 MiB is refused before it is read", async () => {
    expect((await rest("/api/v1/threads?limit=50")).status).toBe(200);
    expect((await rest("/api/v1/threads?limit=51")).status).toBe(400);
    const huge = await rest(`/api/v1/threads/${threadId}/replies`, { method: "POST", token, body: { content: "x".repeat(1024 * 1024 + 1) } });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining("terlalu besar") });
  });

  it("401: no token, and a token that is not one (a lying Authorization header)", async () => {
    const cases = [
      [undefined, "Silakan masuk terlebih dahulu."],
      ["aleph_pat_forged", "Token akses tidak dikenal atau sudah dicabut. Buat token baru di Pengaturan → Token akses."],
    ] as const;
    for (const [bearer, message] of cases) {
      const response = await rest("/api/v1/wallet", bearer ? { token: bearer } : {});
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: "UNAUTHORIZED", message });
    }
  });

  it("404: a missing thread says what tRPC says; an unknown path is a JSON 404 too", async () => {
    const missing = await rest("/api/v1/threads/2147483647");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: "NOT_FOUND", message: "Thread tidak ditemukan atau sudah dihapus." });
    const unknown = await rest("/api/v1/no-such-thing");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: "NOT_FOUND" });
  });

  it("429 with Retry-After: two threads at once from one member, one gets through", async () => {
    const content = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Isi thread." }] }] };
    const attempts = await Promise.all(
      Array.from({ length: 4 }, (_, index) =>
        rest("/api/v1/threads", { method: "POST", token: otherToken, body: { title: `Thread lewat REST ${index}`, categorySlug, contentJson: content } }),
      ),
    );
    const statuses = attempts.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 429, 429, 429]);
    const limited = attempts.find((response) => response.status === 429)!;
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.any(String) });
  });
});

describe("REST errors in the caller's language", () => {
  const english = { "accept-language": "en-GB,en;q=0.9" };

  it("Accept-Language en: not found, a schema's own message and sign-in refusals are English; id stays Indonesian", async () => {
    const missing = await rest("/api/v1/threads/2147483647", { headers: english });
    expect(await missing.json()).toMatchObject({ code: "NOT_FOUND", message: "Thread not found or deleted." });
    const empty = await rest(`/api/v1/threads/${threadId}/replies`, { method: "POST", token: await freshToken(), body: { content: "" }, headers: english });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ message: "content: A reply cannot be empty.", data: { fieldErrors: { content: ["A reply cannot be empty."] } } });
    const anonymous = await rest("/api/v1/wallet", { headers: english });
    expect(await anonymous.json()).toMatchObject({ code: "UNAUTHORIZED", message: "Please sign in first." });
    const indonesian = await rest("/api/v1/wallet", { headers: { "accept-language": "id-ID,id;q=0.9" } });
    expect(await indonesian.json()).toMatchObject({ message: "Silakan masuk terlebih dahulu." });
  });

  it("the language switch's cookie wins over Accept-Language", async () => {
    const response = await rest("/api/v1/threads/2147483647", { headers: { ...english, cookie: "locale=id" } });
    expect(await response.json()).toMatchObject({ message: "Thread tidak ditemukan atau sudah dihapus." });
    const chosen = await rest("/api/v1/threads/2147483647", { headers: { "accept-language": "id", cookie: "locale=en" } });
    expect(await chosen.json()).toMatchObject({ message: "Thread not found or deleted." });
  });

  it("concurrent requests in both languages each get their own", async () => {
    const answers = await Promise.all(
      Array.from({ length: 24 }, async (_, index) => {
        const inEnglish = index % 2 === 0;
        const response = await rest("/api/v1/threads/2147483647", { headers: { "accept-language": inEnglish ? "en" : "id" } });
        return { inEnglish, message: (await response.json()).message as string };
      }),
    );
    for (const { inEnglish, message } of answers) {
      expect(message).toBe(inEnglish ? "Thread not found or deleted." : "Thread tidak ditemukan atau sudah dihapus.");
    }
  });

  it("a rate-limit refusal says its wait in English", async () => {
    const content = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Isi thread." }] }] };
    const member = await freshToken();
    const attempts = await Promise.all(
      Array.from({ length: 3 }, (_, index) =>
        rest("/api/v1/threads", { method: "POST", token: member, headers: english, body: { title: `English limit ${index}`, categorySlug, contentJson: content } }),
      ),
    );
    const limited = attempts.find((response) => response.status === 429);
    expect(limited).toBeDefined();
    expect((await limited!.json()).message).toMatch(/^You are .+ too often\. Try again in \d+ (second|minute|hour)s?\.$/);
  });
});

describe("the OpenAPI document", () => {
  it("validates as OpenAPI 3.1, with bearer security, this server and code samples", async () => {
    const response = await rest("/api/openapi.json");
    expect(response.status).toBe(200);
    const document = await response.json();
    const result = await validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe("3.1.0");
    expect(document.servers).toEqual([expect.objectContaining({ url: base })]);
    expect(document.components.securitySchemes.bearerToken).toMatchObject({ type: "http", scheme: "bearer" });
    const wallet = document.paths["/api/v1/wallet"].get;
    expect(wallet.security).toEqual([{ bearerToken: [] }]);
    expect(wallet["x-codeSamples"].map((sample: { lang: string }) => sample.lang)).toEqual(["Shell", "TypeScript", "Python"]);
    expect(wallet["x-codeSamples"][1].source).toContain("client.wallet.get.query()");
    expect(document.paths["/api/v1/threads/{id}"].get.security).toBeUndefined();
  });

  it("every procedure served as REST has an output schema and a path under /api/v1/", () => {
    type Procedure = { _def: { type: string; output?: unknown; meta?: { openapi?: { path: string } } } };
    const served = Object.entries(appRouter._def.procedures as unknown as Record<string, Procedure>).filter(
      ([, procedure]) => procedure._def.meta?.openapi,
    );
    expect(served.length).toBeGreaterThan(20);
    for (const [name, procedure] of served) {
      expect(procedure._def.output, `${name} needs .output()`).toBeDefined();
      expect(procedure._def.meta!.openapi!.path.startsWith(REST_PREFIX), name).toBe(true);
      // Security, account management and the admin area stay off REST.
      expect(name, "not for programs").not.toMatch(/^(admin|auth)\.|^user\.(sessions|passkeys|twoFactor|accessTokens)\./);
    }
  });
});

describe("the reference page", () => {
  it("/api/docs loads Scalar from this site, by nonce'd scripts only", async () => {
    const response = await rest("/api/docs");
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    const html = await response.text();
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((match) => match[1]);
    expect(scripts).toHaveLength(2);
    for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
    expect(html).toContain('src="/api/docs/scalar.js"');
    const bundle = await rest("/api/docs/scalar.js");
    expect(bundle.headers.get("content-type")).toMatch(/javascript/);
    expect((await bundle.text()).length).toBe(scalarBundle().length);
  });

  it("each patch of Scalar's bundle still finds its one place (a Scalar update that moved one fails here)", () => {
    const original = readFileSync(createRequire(import.meta.url).resolve("@scalar/api-reference/browser/standalone.js"), "utf8");
    for (const [from, to] of SCALAR_PATCHES) {
      expect(original.split(from).length - 1, from).toBe(1);
      expect(scalarBundle().includes(from), from).toBe(false);
      expect(scalarBundle().includes(to)).toBe(true);
    }
  });
});
