import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../../platform/env.ts";
import { newId } from "../../platform/ids.ts";
import { prepareJobQueue } from "../../platform/jobs.ts";
import { createLogger } from "../../platform/logger.ts";
import { createRedis } from "../../platform/redis.ts";
import { createForumTestDatabase, forumFixtures, testCaller } from "../../testing/forum.ts";
import { connectTestMongo, type TestMongo } from "../../testing/mongo.ts";
import { startTestHttpApp } from "../../testing/http.ts";
import { requestCallers } from "../../testing/request-caller.ts";
import { appRouter } from "../../trpc/root.ts";
import { WRITE_ACTION_OF_PROCEDURE, WRITE_RATE_LIMITS } from "./write-limits.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: TestMongo;
// Counted in the real Redis when the suite has one (atomic across servers), under a key prefix
// unique to this run.
const redis = createRedis(env().REDIS_URL);
let limited: ReturnType<typeof requestCallers>;
let threadId: number;

beforeAll(async () => {
  [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  await prepareJobQueue(db.url, createLogger({ level: "silent" }));
  limited = requestCallers(db.prisma, { RATE_LIMIT_ENABLED: "true", CAPTCHA_ENABLED: "false" }, redis);
  const fixtures = forumFixtures(db.prisma);
  await fixtures.category({ slug: "umum" });
  const host = await fixtures.user({ username: "tuan_rumah" });
  threadId = (await testCaller(db.prisma, host).thread.create(threadInput("Thread untuk dibalas"))).id;
});
afterAll(async () => {
  await Promise.all([db?.close(), mongo?.drop(), redis?.quit()]);
});

let sequence = 0;
async function member() {
  const user = await forumFixtures(db.prisma).user({ username: `penulis${++sequence}` });
  const responseHeaders = new Map<string, string>();
  const caller = await limited.call(await limited.sessionHeaders(user.id), [], { responseHeaders });
  return { user, caller, responseHeaders };
}

function threadInput(title: string) {
  return {
    title,
    summary: "Ringkasan",
    categorySlug: "umum",
    contentJson: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Isi thread." }] }] },
  };
}

async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

describe("per-member write rate limits", () => {
  it("lets one of many concurrent new threads through, answers the rest 429 with Retry-After", async () => {
    const { user, caller, responseHeaders } = await member();
    const codes = await Promise.all(Array.from({ length: 12 }, (_, i) => codeOf(caller.thread.create(threadInput(`Banjir thread ${i}`)))));
    expect(codes.filter((code) => code === "OK")).toHaveLength(WRITE_RATE_LIMITS.thread[0]!.points);
    expect(codes.filter((code) => code === "TOO_MANY_REQUESTS")).toHaveLength(12 - WRITE_RATE_LIMITS.thread[0]!.points);
    expect(await db.prisma.thread.count({ where: { authorId: user.id } })).toBe(1);
    const retryAfter = Number(responseHeaders.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WRITE_RATE_LIMITS.thread[0]!.durationSeconds);
    await expect(caller.thread.create(threadInput("Sekali lagi"))).rejects.toThrow(/Terlalu sering membuat thread\. Coba lagi dalam \d+ detik/);
  });

  it("counts per member: another member still writes", async () => {
    const first = await member();
    const second = await member();
    await first.caller.thread.create(threadInput("Thread pertama"));
    expect(await codeOf(first.caller.thread.create(threadInput("Thread kedua")))).toBe("TOO_MANY_REQUESTS");
    expect(await codeOf(second.caller.thread.create(threadInput("Thread orang lain")))).toBe("OK");
  });

  it("gives the turn back when the write was invalid, so a typo costs nothing", async () => {
    const { caller } = await member();
    expect(await codeOf(caller.thread.create(threadInput("")))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.thread.create(threadInput("Judul yang benar")))).toBe("OK");
  });

  it("limits replies to one every few seconds", async () => {
    const { caller } = await member();
    const codes = await Promise.all(
      Array.from({ length: 5 }, (_, i) => codeOf(caller.reply.create({ threadId, content: `Balasan ${i}` }))),
    );
    expect(codes.sort()).toEqual(["OK", "TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS"]);
  });

  it("counts a reply sent again with its idempotency key (an offline write replayed) like any other send", async () => {
    const { caller } = await member();
    const input = { threadId, content: "Dari luring", idempotencyKey: "6f1c1a52-8f0e-4a53-9d7a-0d6a4c1b2e77" };
    expect(await codeOf(caller.reply.create(input))).toBe("OK");
    expect(await codeOf(caller.reply.create(input))).toBe("TOO_MANY_REQUESTS");
  });

  it("limits reactions per minute", async () => {
    const { caller } = await member();
    const points = WRITE_RATE_LIMITS.reaction[0]!.points;
    for (let i = 0; i < points; i++) await caller.reaction.toggle({ threadId, type: "like" });
    await expect(caller.reaction.toggle({ threadId, type: "like" })).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });

  it("limits chat sends, even ones that fail for another reason than their input", async () => {
    const { caller } = await member();
    const sessionId = newId("cht");
    const points = WRITE_RATE_LIMITS.chat[0]!.points;
    const codes = await Promise.all(
      Array.from({ length: points + 3 }, () => codeOf(caller.chat.send({ sessionId, content: "Halo Aleph" }))),
    );
    expect(codes.filter((code) => code === "TOO_MANY_REQUESTS")).toHaveLength(3);
    expect(codes.filter((code) => code === "NOT_FOUND")).toHaveLength(points);
  });

  it("guards every other member mutation with the general write limit", async () => {
    const { caller } = await member();
    const points = WRITE_RATE_LIMITS.write[0]!.points;
    const missing = newId("rpl");
    const codes = await Promise.all(
      Array.from({ length: points + 2 }, () => codeOf(caller.reply.update({ id: missing, content: "ubah" }))),
    );
    expect(codes.filter((code) => code === "TOO_MANY_REQUESTS")).toHaveLength(2);
    // Reads are never counted.
    for (let i = 0; i < points + 2; i++) await caller.reaction.summary({ threadId });
  });

  it("names only procedures that exist (but the moderation report, which is to come)", () => {
    const procedures = Object.keys((appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def.procedures);
    for (const path of Object.keys(WRITE_ACTION_OF_PROCEDURE)) {
      if (path !== "moderation.report") expect(procedures).toContain(path);
    }
    expect(Object.values(WRITE_ACTION_OF_PROCEDURE)).toEqual(expect.arrayContaining(["thread", "reply", "reaction", "chat", "payment", "report"]));
  });

  it("is off with RATE_LIMIT_ENABLED=false (testCaller, the shared browser-test server)", async () => {
    const user = await forumFixtures(db.prisma).user({ username: "tanpa_batas" });
    const caller = testCaller(db.prisma, user);
    for (let i = 0; i < 3; i++) await caller.thread.create(threadInput(`Bebas ${i}`));
    expect(await db.prisma.thread.count({ where: { authorId: user.id } })).toBe(3);
  });

  it("answers over HTTP with status 429, Retry-After and the Indonesian message", async () => {
    const app = await startTestHttpApp(db.prisma, { RATE_LIMIT_ENABLED: "true", CAPTCHA_ENABLED: "false" });
    try {
      const user = await forumFixtures(db.prisma).user({ username: "lewat_http" });
      const { cookie } = await limited.sessionHeaders(user.id);
      const send = (content: string) =>
        fetch(`${app.origin}/api/trpc/reply.create`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: app.origin, cookie },
          body: JSON.stringify({ json: { threadId, content } }),
        });
      expect((await send("Balasan lewat HTTP")).status).toBe(200);
      const refused = await send("Balasan kedua terlalu cepat");
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(WRITE_RATE_LIMITS.reply[0]!.durationSeconds);
      expect((await refused.json()).error.json.message).toMatch(/^Terlalu sering membalas\. Coba lagi dalam \d+ detik\.$/);
    } finally {
      await app.close();
    }
  });
});
