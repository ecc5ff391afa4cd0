import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createForumTestDatabase, forumFixtures, testCaller } from "../../testing/forum.ts";
import { connectTestMongo } from "../../testing/mongo.ts";
import { applyLedgerEntry, checkWalletLedger, getWallet } from "../wallet/service.ts";
import { TransactionModel } from "../wallet/wallet.model.ts";
import { ChatMessageModel, ChatSessionModel } from "./chat.model.ts";
import { builtinProvider } from "./providers/builtin.ts";
import { withCircuitBreaker } from "./providers/circuit-breaker.ts";
import { sendEvents, sendJson, startFakeProvider } from "./providers/fake-provider-server.ts";
import { openAiProvider } from "./providers/openai.ts";
import { ProviderError, type ChatProvider } from "./providers/provider.ts";
import { ask, ChatError, createSession, sendMessage, type ChatDeps } from "./service.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: Awaited<ReturnType<typeof connectTestMongo>>;
let fixtures: ReturnType<typeof forumFixtures>;
let threadId: number;

beforeAll(async () => {
  [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  fixtures = forumFixtures(db.prisma);
  const author = await fixtures.user();
  const category = await fixtures.category();
  const thread = await db.prisma.thread.create({
    data: {
      title: "Cara Deploy Remix ke VPS dengan PM2 dan Nginx",
      slug: "cara-deploy-remix-ke-vps-dengan-pm2-dan-nginx",
      summary: "Langkah lengkap dari build sampai reverse proxy dan HTTPS.",
      contentJson: { type: "doc", content: [] },
      contentText: "Jalankan aplikasi dengan PM2 cluster mode lalu pasang Nginx sebagai reverse proxy di depan port 3000.",
      categoryId: category.id,
      authorId: author.id,
    },
  });
  threadId = thread.id;
  // A thread about something else, which must not be cited.
  await fixtures.thread({ categoryId: category.id, authorId: author.id, title: "Flutter atau Kotlin untuk aplikasi Android" });
});
afterAll(async () => {
  await Promise.all([db?.close(), mongo?.drop()]);
});

const env = { WALLET_WELCOME_TOKENS: 10_000 };
const deps = (provider: ChatProvider, maxOutputTokens = 256): ChatDeps => ({
  prisma: db.prisma,
  env,
  provider,
  maxOutputTokens,
});
const builtin = builtinProvider({ streamDelayMs: 0 });
let keys = 0;
const key = () => `key-${process.pid}-${++keys}`;

async function member() {
  const user = await fixtures.user();
  return { id: user.id, username: user.username };
}

/** Takes tokens out of a member's wallet, as if spent elsewhere. */
function spend(userId: number, tokens: number) {
  return applyLedgerEntry({ env }, {
    userId,
    type: "adjustment",
    amount: 0,
    tokenAmount: -tokens,
    description: "test",
    reference: null,
    idempotencyKey: `spend:${userId}`,
  });
}

async function expectUntouched(userId: number) {
  const wallet = await getWallet({ env }, userId);
  expect(wallet).toMatchObject({ tokenBalance: 10_000, reservedTokens: 0 });
  expect(await TransactionModel.countDocuments({ userId, type: "chat_usage" })).toBe(0);
  expect(await ChatMessageModel.countDocuments({ userId })).toBe(0);
}

async function expectLedgerMatches(userId: number) {
  const wallet = await getWallet({ env }, userId);
  expect(await checkWalletLedger(wallet.walletId)).toMatchObject({ matches: true, pendingEntries: 0 });
  expect(wallet.reservedTokens).toBe(0);
  return wallet;
}

describe("sendMessage with the built-in provider", () => {
  it("answers from the forum's threads, charges input + output once and names the session", async () => {
    const user = await member();
    const deltas: string[] = [];
    const result = await sendMessage(deps(builtin), {
      userId: user.id,
      content: "Bagaimana cara deploy Remix ke VPS pakai Nginx?",
      idempotencyKey: key(),
      onDelta: (text) => deltas.push(text),
    });

    const url = `/t/${threadId}/cara-deploy-remix-ke-vps-dengan-pm2-dan-nginx`;
    expect(result.answer.content).toContain(`[Cara Deploy Remix ke VPS dengan PM2 dan Nginx](${url})`);
    expect(result.answer.content).not.toContain("Flutter");
    expect(result.answer.citations).toEqual([{ threadId: String(threadId), title: "Cara Deploy Remix ke VPS dengan PM2 dan Nginx", url }]);
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.join("")).toBe(result.answer.content);

    expect(result.tokensUsed).toBe(result.answer.inputTokens + result.answer.outputTokens);
    expect(result.answer.tokensUsed).toBe(result.tokensUsed);
    expect(result.remainingBalance).toBe(10_000 - result.tokensUsed);
    const entries = await TransactionModel.find({ userId: user.id, type: "chat_usage" }).lean();
    expect(entries).toMatchObject([{ tokenAmount: -result.tokensUsed, reference: result.answer.id, status: "applied" }]);
    expect((await expectLedgerMatches(user.id)).tokenBalance).toBe(result.remainingBalance);

    expect(result.session).toMatchObject({
      title: "Bagaimana cara deploy Remix ke VPS pakai Nginx?",
      serviceType: "builtin",
      messageCount: 2,
      tokensUsed: result.tokensUsed,
    });
    expect(result.question).toMatchObject({ role: "user", content: "Bagaimana cara deploy Remix ke VPS pakai Nginx?" });
  });

  it("says so when the forum has nothing on the question", async () => {
    const user = await member();
    const result = await sendMessage(deps(builtin), { userId: user.id, content: "Resep rendang padang?", idempotencyKey: key() });
    expect(result.answer.content).toMatch(/belum menemukan thread/);
    expect(result.answer.citations).toEqual([]);
  });

  it("answers a retried send from storage, without charging again", async () => {
    const user = await member();
    const idempotencyKey = key();
    const first = await sendMessage(deps(builtin), { userId: user.id, content: "Deploy Remix?", idempotencyKey });
    const again = await sendMessage(deps(builtin), { userId: user.id, content: "Deploy Remix?", idempotencyKey });
    expect(again.answer.id).toBe(first.answer.id);
    expect(again.session.id).toBe(first.session.id);
    expect(await TransactionModel.countDocuments({ userId: user.id, type: "chat_usage" })).toBe(1);
    expect(await ChatMessageModel.countDocuments({ userId: user.id })).toBe(2);
  });

  it("continues a session with its history and titles an empty one by its first question", async () => {
    const user = await member();
    const session = await createSession(deps(builtin), user.id);
    expect(session.title).toBe("Percakapan baru");
    const first = await sendMessage(deps(builtin), { userId: user.id, sessionId: session.id, content: "Apa itu PM2?", idempotencyKey: key() });
    const second = await sendMessage(deps(builtin), { userId: user.id, sessionId: session.id, content: "Dan Nginx?", idempotencyKey: key() });
    expect(second.session).toMatchObject({ id: session.id, title: "Apa itu PM2?", messageCount: 4 });
    expect(second.session.tokensUsed).toBe(first.tokensUsed + second.tokensUsed);
    // The history is part of the second prompt.
    expect(second.answer.inputTokens).toBeGreaterThan(first.answer.inputTokens);
  });

  it("charges and stores nothing when the asker leaves mid-answer", async () => {
    const user = await member();
    const controller = new AbortController();
    const slow = builtinProvider({ streamDelayMs: 5 });
    const leaving = sendMessage(deps(slow), {
      userId: user.id,
      content: "Deploy Remix ke VPS?",
      idempotencyKey: key(),
      signal: controller.signal,
      onDelta: () => controller.abort(),
    });
    await expect(leaving).rejects.toMatchObject({ name: "AbortError" });
    await expectUntouched(user.id);
  });

  it("refuses when the balance cannot cover the estimate, storing and charging nothing", async () => {
    const user = await member();
    await spend(user.id, 9_900);
    const error = await sendMessage(deps(builtin), { userId: user.id, content: "Deploy Remix ke VPS?", idempotencyKey: key() }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ChatError);
    expect(error).toMatchObject({ kind: "insufficient_tokens", details: { available: 100 } });
    expect((error as Error).message).toMatch(/^Token tidak cukup/);
    expect(await ChatSessionModel.countDocuments({ userId: user.id })).toBe(0);
    expect(await ChatMessageModel.countDocuments({ userId: user.id })).toBe(0);
    expect(await getWallet({ env }, user.id)).toMatchObject({ tokenBalance: 100, reservedTokens: 0 });
  });
});

describe("sendMessage with an external provider", () => {
  let fake: Awaited<ReturnType<typeof startFakeProvider>>;
  beforeAll(async () => {
    fake = await startFakeProvider((_request, response) => sendJson(response, 500, {}));
  });
  afterAll(() => fake?.close());

  const openai = (timeoutMs = 2_000) => openAiProvider({ baseUrl: fake.url, apiKey: "sk-test", model: "fake-gpt", timeoutMs });

  /** An answer whose reported usage is far above any estimate: each charge is the whole estimate. */
  const expensiveAnswer = async (_request: unknown, response: ServerResponse) => {
    await sleep(30);
    sendEvents(response, [
      { choices: [{ delta: { content: "Jawaban mahal." } }] },
      { choices: [], usage: { prompt_tokens: 50_000, completion_tokens: 50_000 } },
      "[DONE]",
    ]);
  };

  it("gives the model the forum's threads as context and cites them", async () => {
    fake.handle((_request, response) =>
      sendEvents(response, [{ choices: [{ delta: { content: "Lihat thread deploy." } }] }, { choices: [], usage: { prompt_tokens: 300, completion_tokens: 4 } }, "[DONE]"]),
    );
    const user = await member();
    const result = await sendMessage(deps(openai()), { userId: user.id, content: "Cara deploy Remix ke VPS?", idempotencyKey: key() });
    const system = (fake.requests.at(-1)!.body as { messages: { role: string; content: string }[] }).messages[0]!;
    expect(system.role).toBe("system");
    expect(system.content).toContain(`[Cara Deploy Remix ke VPS dengan PM2 dan Nginx](/t/${threadId}/`);
    expect(result.answer.citations.map((c) => c.threadId)).toEqual([String(threadId)]);
    // The provider's own usage figures are what is charged.
    expect(result.tokensUsed).toBe(304);
    expect(result.session).toMatchObject({ serviceType: "openai", model: "fake-gpt" });
  });

  it("lets exactly the affordable sends of twenty concurrent ones through, never overdrawing", async () => {
    fake.handle(expensiveAnswer);
    const user = await member();
    // Each send reserves (and, usage capped at the estimate, is charged) about 1,950 tokens:
    // the 10,000 welcome tokens pay for five.
    const chat = deps(openai(), 1_800);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        sendMessage(chat, { userId: user.id, content: `Pertanyaan nomor ${index}`, idempotencyKey: key() }),
      ),
    );
    const succeeded = outcomes.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
    const refused = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason as unknown] : []));
    const estimate = succeeded[0]!.tokensUsed;
    expect(5 * estimate).toBeLessThanOrEqual(10_000);
    expect(6 * estimate).toBeGreaterThan(10_000);

    expect(succeeded).toHaveLength(5);
    expect(refused).toHaveLength(15);
    for (const error of refused) expect(error).toMatchObject({ kind: "insufficient_tokens" });

    const charged = succeeded.reduce((sum, result) => sum + result.tokensUsed, 0);
    const wallet = await expectLedgerMatches(user.id);
    expect(wallet.tokenBalance).toBe(10_000 - charged);
    expect(wallet.tokenBalance).toBeGreaterThanOrEqual(0);
    expect(await TransactionModel.countDocuments({ userId: user.id, type: "chat_usage", status: "applied" })).toBe(5);
    expect(await ChatMessageModel.countDocuments({ userId: user.id })).toBe(10);
  });

  it("charges nothing while the provider is down, opens the circuit, and closes it after recovery", async () => {
    fake.handle((_request, response) => sendJson(response, 502, { error: { message: "upstream down" } }));
    // Long enough that a busy machine cannot let the circuit half-open between the third failure
    // and the fast failure below (the send reserves tokens before it asks the provider).
    const guarded = withCircuitBreaker(openai(), { minimumCalls: 3, failurePercentage: 50, resetTimeoutMs: 3_000, windowMs: 30_000 });
    const user = await member();
    const ask = () => sendMessage(deps(guarded), { userId: user.id, content: "Deploy Remix?", idempotencyKey: key() });

    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(ask()).rejects.toMatchObject({ name: "ProviderError", reason: "unavailable" });
    }
    expect(guarded.breaker.opened).toBe(true);
    const calls = fake.requests.length;
    const fastFailure = (await ask().catch((caught: unknown) => caught)) as ProviderError;
    expect(fastFailure).toBeInstanceOf(ProviderError);
    expect(fastFailure.reason).toBe("circuit_open");
    expect(fastFailure.retryAfterMs).toBeGreaterThan(0);
    expect(fake.requests.length).toBe(calls);
    await expectUntouched(user.id);

    fake.handle((_request, response) => sendEvents(response, [{ choices: [{ delta: { content: "Pulih." } }] }, "[DONE]"]));
    await sleep(3_100);
    const recovered = await ask();
    expect(recovered.answer.content).toBe("Pulih.");
    expect(guarded.breaker.closed).toBe(true);
    expect((await expectLedgerMatches(user.id)).tokenBalance).toBe(10_000 - recovered.tokensUsed);
  });

  it("charges nothing when the provider times out, and the question can be asked again", async () => {
    fake.handle(() => {});
    const user = await member();
    const idempotencyKey = key();
    await expect(
      sendMessage(deps(openai(300)), { userId: user.id, content: "Deploy Remix?", idempotencyKey }),
    ).rejects.toMatchObject({ reason: "timeout" });
    await expectUntouched(user.id);

    fake.handle((_request, response) => sendEvents(response, [{ choices: [{ delta: { content: "Sekarang bisa." } }] }, "[DONE]"]));
    const retried = await sendMessage(deps(openai()), { userId: user.id, content: "Deploy Remix?", idempotencyKey });
    expect(retried.answer.content).toBe("Sekarang bisa.");
  });
});

describe("the chat router", () => {
  it("shows a session only to its owner: anyone else gets NOT_FOUND and learns nothing", async () => {
    const [owner, other] = await Promise.all([member(), member()]);
    const asOwner = testCaller(db.prisma, owner);
    const asOther = testCaller(db.prisma, other);
    const { session } = await asOwner.chat.send({ content: "Rahasia deploy Remix saya?" });

    for (const attempt of [
      () => asOther.chat.getSession({ sessionId: session.id }),
      () => asOther.chat.renameSession({ sessionId: session.id, title: "Diambil alih" }),
      () => asOther.chat.deleteSession({ sessionId: session.id }),
      () => asOther.chat.send({ sessionId: session.id, content: "Lanjut" }),
    ]) {
      const error = await attempt().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TRPCError);
      expect(error).toMatchObject({ code: "NOT_FOUND", message: "Percakapan tidak ditemukan." });
      expect((error as Error).message).not.toContain("Rahasia");
    }
    expect(await asOther.chat.listSessions()).toEqual([]);
    expect(await asOwner.chat.getSession({ sessionId: session.id })).toMatchObject({
      session: { title: "Rahasia deploy Remix saya?", messageCount: 2 },
    });
    expect(await getWallet({ env }, other.id)).toMatchObject({ tokenBalance: 10_000 });
  });

  it("lists, renames and deletes the caller's sessions", async () => {
    const user = await member();
    const caller = testCaller(db.prisma, user);
    const created = await caller.chat.createSession({});
    await caller.chat.renameSession({ sessionId: created.id, title: "  Catatan deploy  " });
    expect(await caller.chat.listSessions()).toMatchObject([{ id: created.id, title: "Catatan deploy" }]);
    await caller.chat.deleteSession({ sessionId: created.id });
    expect(await caller.chat.listSessions()).toEqual([]);
    await expect(caller.chat.getSession({ sessionId: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("streams the answer, then the stored result with the remaining balance", async () => {
    const user = await member();
    const caller = testCaller(db.prisma, user);
    const overview = await caller.chat.overview();
    expect(overview).toMatchObject({ tokenBalance: 10_000, provider: "builtin" });

    let streamed = "";
    let done: { tokensUsed: number; remainingBalance: number; answer: { content: string } } | null = null;
    for await (const event of await caller.chat.sendStream({ content: "Nginx reverse proxy untuk Remix?" })) {
      if (event.type === "delta") streamed += event.text;
      else done = event.result;
    }
    expect(done).not.toBeNull();
    expect(streamed).toBe(done!.answer.content);
    expect(done!.remainingBalance).toBe(10_000 - done!.tokensUsed);
    expect((await caller.chat.overview()).tokenBalance).toBe(done!.remainingBalance);
  });

  it("refuses bad input and anonymous callers with their own codes", async () => {
    const caller = testCaller(db.prisma, await member());
    await expect(caller.chat.send({ content: "   " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.chat.getSession({ sessionId: "cht_nope" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(testCaller(db.prisma).chat.listSessions()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("maps a refusal for lack of tokens to PAYMENT_REQUIRED", async () => {
    const user = await member();
    await spend(user.id, 10_000);
    await expect(testCaller(db.prisma, user).chat.send({ content: "Deploy?" })).rejects.toMatchObject({
      code: "PAYMENT_REQUIRED",
      message: expect.stringMatching(/^Token tidak cukup/),
    });
  });
});

describe("ask: what the router calls", () => {
  const failing = (error: Error): ChatProvider => ({
    serviceType: "openai",
    model: "fake-gpt",
    complete: () => Promise.reject(error),
  });
  const askWith = async (provider: ChatProvider) => {
    const user = await member();
    const error = await ask(deps(provider), { userId: user.id, content: "Deploy Remix?" }).catch((caught: unknown) => caught);
    await expectUntouched(user.id);
    return error;
  };

  it("gives each provider failure its domain error, saying nothing was charged", async () => {
    expect(await askWith(failing(new ProviderError("timeout", "lama")))).toMatchObject({
      kind: "upstream_timeout",
      message: "Aleph terlalu lama menjawab. Tidak ada token yang dipotong; silakan kirim ulang pertanyaanmu.",
    });
    expect(await askWith(failing(new ProviderError("circuit_open", "terbuka", { retryAfterMs: 2_500 })))).toMatchObject({
      kind: "unavailable",
      retryAfterSeconds: 3,
      message: expect.stringMatching(/coba lagi dalam 3 detik\.$/),
    });
    expect(await askWith(failing(new ProviderError("bad_response", "rusak")))).toMatchObject({
      kind: "upstream_failed",
      message: expect.stringMatching(/^Aleph sedang tidak bisa menjawab: layanan AI bermasalah\./),
    });
    const abort = Object.assign(new Error("aborted"), { name: "AbortError" });
    expect(await askWith(failing(abort))).toMatchObject({ kind: "aborted", message: "Permintaan dibatalkan." });
  });

  it("refuses lack of tokens as insufficient funds, with the chat's own message", async () => {
    const user = await member();
    await spend(user.id, 9_900);
    const error = await ask(deps(builtin), { userId: user.id, content: "Deploy Remix ke VPS?" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "insufficient_funds", available: 100, message: expect.stringMatching(/^Token tidak cukup: pertanyaan ini/) });
  });
});
