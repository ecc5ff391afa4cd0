import { spawn } from "node:child_process";
import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createForumTestDatabase, forumFixtures } from "../../testing/forum.ts";
import { newId } from "../../platform/ids.ts";
import { connectTestMongo } from "../../testing/mongo.ts";
import { checkWalletLedger, getWallet, releaseReservation, reserveTokens, resumePendingEntries } from "../wallet/service.ts";
import { TransactionModel } from "../wallet/wallet.model.ts";
import { ChatMessageModel, ChatSessionModel } from "./chat.model.ts";
import { sendJson, startFakeProvider, type ReceivedRequest } from "./providers/fake-provider-server.ts";
import { openAiProvider } from "./providers/openai.ts";
import { getSession, recoverAbandonedAnswers, sendMessage, type ChatDeps } from "./service.ts";

/*
 * Every token reservation of an Aleph answer ends (settled, released, or expired and then
 * settled or released by the recovery job), and nothing is charged for an answer the member did
 * not receive: "received" means the assistant message is stored as complete.
 */
let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: Awaited<ReturnType<typeof connectTestMongo>>;
let fixtures: ReturnType<typeof forumFixtures>;
let fake: Awaited<ReturnType<typeof startFakeProvider>>;

beforeAll(async () => {
  [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  fixtures = forumFixtures(db.prisma);
  const author = await fixtures.user();
  const category = await fixtures.category();
  await fixtures.thread({ categoryId: category.id, authorId: author.id, title: "Deploy Remix ke VPS dengan PM2" });
  fake = await startFakeProvider((_request, response) => sendJson(response, 500, {}));
});
afterAll(async () => {
  await fake?.close();
  await Promise.all([db?.close(), mongo?.drop()]);
});

const env = { WALLET_WELCOME_TOKENS: 10_000 };
const TTL = 60_000;
const deps = (maxOutputTokens = 100): ChatDeps => ({
  prisma: db.prisma,
  env,
  provider: openAiProvider({ baseUrl: fake.url, apiKey: "sk-test", model: "fake-gpt", timeoutMs: 10_000 }),
  maxOutputTokens,
  reservationTtlMs: TTL,
});
let keys = 0;
const key = () => `rec-${process.pid}-${++keys}`;
const afterExpiry = () => new Date(Date.now() + TTL + 1_000);

const questionOf = (request: ReceivedRequest) =>
  (request.body as { messages: { role: string; content: string }[] }).messages.at(-1)!.content;

/** Streams "Jawaban untuk <question>." in a few pieces, `delayMs` apart. */
async function slowAnswer(request: ReceivedRequest, response: ServerResponse, delayMs: number) {
  response.writeHead(200, { "content-type": "text/event-stream" });
  for (const piece of ["Jawaban ", "untuk ", `${questionOf(request)}.`]) {
    response.write(`data: ${JSON.stringify({ choices: [{ delta: { content: piece } }] })}\n\n`);
    await sleep(delayMs);
  }
  response.write(`data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 40, completion_tokens: 7 } })}\n\n`);
  response.end("data: [DONE]\n\n");
}

async function expectSettled(userId: number) {
  const wallet = await getWallet({ env }, userId);
  expect(wallet.reservedTokens).toBe(0);
  expect(await checkWalletLedger(wallet.walletId)).toMatchObject({ matches: true, pendingEntries: 0 });
  return wallet;
}

describe("a send with no end in its own process", () => {
  it("a server SIGKILLed mid-answer: the reservation expires, recovery releases it and charges nothing", async () => {
    fake.handle((request, response) => slowAnswer(request, response, 2_000));
    const user = await fixtures.user();
    await getWallet({ env }, user.id);
    const child = spawn(process.execPath, ["--import", "tsx", "server/modules/chat/testing/send-child.ts"], {
      env: {
        ...process.env,
        CHILD_MONGODB_URL: mongo.url,
        CHILD_DATABASE_URL: db.url,
        CHILD_PROVIDER_URL: fake.url,
        CHILD_USER_ID: String(user.id),
        CHILD_KEY: key(),
        CHILD_RESERVATION_TTL_MS: String(TTL),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("delta")) resolve();
      });
      child.on("exit", () => reject(new Error("the child ended before the answer started")));
    });
    // Mid-answer: the reservation is held while the provider is still streaming.
    expect((await getWallet({ env }, user.id)).reservedTokens).toBeGreaterThan(0);
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    // Before its lifetime is over a reservation is an answer in progress: recovery leaves it.
    await recoverAbandonedAnswers(new Date());
    expect((await getWallet({ env }, user.id)).reservedTokens).toBeGreaterThan(0);

    await recoverAbandonedAnswers(afterExpiry());
    await resumePendingEntries(afterExpiry());
    const wallet = await expectSettled(user.id);
    expect(wallet.tokenBalance).toBe(10_000);
    expect(await TransactionModel.countDocuments({ userId: user.id, type: "chat_usage" })).toBe(0);
    expect(await ChatSessionModel.countDocuments({ userId: user.id })).toBe(0);
    expect(await ChatMessageModel.countDocuments({ userId: user.id, status: "complete" })).toBe(0);
  }, 30_000);

  it("an answer stored before a crash stopped its charge is charged once, closing its reservation", async () => {
    const user = await fixtures.user();
    const { walletId } = await getWallet({ env }, user.id);
    const idempotencyKey = key();
    // What a crash right after storing the answer leaves: its reservation, its pending charge
    // (bound to that reservation) and the stored messages, but no session yet.
    const answerId = newId("msg");
    const reservationId = `chat:${answerId}`;
    await reserveTokens({ env }, { userId: user.id, tokens: 500, reservationId, expiresAt: new Date(Date.now() + TTL) });
    await TransactionModel.create({
      userId: user.id,
      walletId,
      type: "chat_usage",
      tokenAmount: -47,
      description: "Aleph: Deploy Remix?",
      reference: answerId,
      idempotencyKey: `chat:${user.id}:${idempotencyKey}`,
      reservationId,
    });
    const sessionId = newId("cht");
    await ChatMessageModel.create([
      { sessionId, userId: user.id, role: "user", content: "Deploy Remix?", inputTokens: 40, idempotencyKey },
      { _id: answerId, sessionId, userId: user.id, role: "assistant", content: "Pakai PM2.", tokensUsed: 47, inputTokens: 40, outputTokens: 7, idempotencyKey },
    ]);

    // Not expired yet: maybe still being finished by a live process.
    await recoverWholly(new Date(Date.now() + 1_000));
    expect(await getWallet({ env }, user.id)).toMatchObject({ reservedTokens: 500, tokenBalance: 10_000 });

    await recoverWholly(afterExpiry());
    await recoverWholly(afterExpiry());
    const wallet = await expectSettled(user.id);
    expect(wallet.tokenBalance).toBe(10_000 - 47);
    expect(await TransactionModel.countDocuments({ userId: user.id, type: "chat_usage", status: "applied" })).toBe(1);
    // The member can read what was paid for.
    expect((await getSession(user.id, sessionId)).messages.map((m) => m.id)).toContain(answerId);
  });

  it("a settlement that failed and was released is never applied later: nothing charged", async () => {
    const user = await fixtures.user();
    const { walletId } = await getWallet({ env }, user.id);
    const reservationId = "chat:msg_01JFAILEDFAILEDFAILEDFAILE";
    await reserveTokens({ env }, { userId: user.id, tokens: 300, reservationId, expiresAt: new Date(Date.now() + TTL) });
    // The settlement wrote its pending entry, then failed; the process released the reservation.
    await TransactionModel.create({
      userId: user.id,
      walletId,
      type: "chat_usage",
      tokenAmount: -120,
      description: "Aleph: gagal",
      reference: "msg_01JFAILEDFAILEDFAILEDFAILE",
      idempotencyKey: `chat:${user.id}:${key()}`,
      reservationId,
    });
    await releaseReservation({ env }, { userId: user.id, reservationId });

    await recoverWholly(afterExpiry());
    const wallet = await expectSettled(user.id);
    expect(wallet.tokenBalance).toBe(10_000);
    expect(await TransactionModel.countDocuments({ userId: user.id, type: "chat_usage", status: "applied" })).toBe(0);
  });
});

async function recoverWholly(now: Date) {
  await recoverAbandonedAnswers(now);
  await resumePendingEntries(now, 0);
}

describe("racing sends", () => {
  it("twelve sends with the same key: one answer, one charge, every reservation ended", async () => {
    fake.handle((request, response) => slowAnswer(request, response, 20));
    const user = await fixtures.user();
    const idempotencyKey = key();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, () => sendMessage(deps(), { userId: user.id, content: "Deploy Remix ke VPS?", idempotencyKey })),
    );
    const answers = new Set(outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value.answer.id] : [])));
    expect(answers.size).toBeLessThanOrEqual(1);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toMatchObject({ kind: "in_progress" });
    const wallet = await expectSettled(user.id);
    const charges = await TransactionModel.find({ userId: user.id, type: "chat_usage", status: "applied" }).lean();
    expect(charges.length).toBe(1);
    expect(wallet.tokenBalance).toBe(10_000 + charges[0]!.tokenAmount);
    expect(await ChatMessageModel.countDocuments({ userId: user.id, status: "complete" })).toBe(2);
  });

  it("thirty-two racing sends with repeated keys, provider failures and refusals: ledger sum == balance, no open reservation", async () => {
    // Questions containing "gagal" fail at the provider; the others answer after a random delay.
    fake.handle(async (request, response) => {
      await sleep(Math.random() * 40);
      if (questionOf(request).includes("gagal")) return sendJson(response, 502, { error: { message: "down" } });
      await slowAnswer(request, response, Math.random() * 15);
    });
    const user = await fixtures.user();
    const sends = Array.from({ length: 32 }, (_, index) => {
      const group = index % 16;
      // Groups 0-3 fail; every group is sent two or three times with its own key.
      return { content: group < 4 ? `Pertanyaan gagal ${group}` : `Pertanyaan ${group}`, idempotencyKey: `mix-${user.id}-${group}` };
    });
    const outcomes = await Promise.allSettled(sends.map((send) => sendMessage(deps(400), { userId: user.id, ...send })));
    const kinds = new Set(outcomes.map((o) => (o.status === "fulfilled" ? "ok" : String((o.reason as { kind?: string; reason?: string }).kind ?? (o.reason as { reason?: string }).reason))));
    expect(kinds.has("ok")).toBe(true);
    expect(kinds.has("unavailable")).toBe(true);

    const wallet = await expectSettled(user.id);
    const charges = await TransactionModel.find({ userId: user.id, type: "chat_usage", status: "applied" }).lean();
    const chargedKeys = charges.map((c) => c.idempotencyKey);
    expect(new Set(chargedKeys).size).toBe(chargedKeys.length);
    for (const chargedKey of chargedKeys) expect(chargedKey).not.toMatch(/-[0-3]$/);
    const answered = new Set(outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value.answer.id] : [])));
    expect(new Set(charges.map((c) => c.reference))).toEqual(answered);
    expect(await ChatMessageModel.countDocuments({ userId: user.id, role: "assistant", status: "complete" })).toBe(answered.size);
    expect(wallet.tokenBalance).toBe(10_000 + charges.reduce((sum, c) => sum + c.tokenAmount, 0));

    // The recovery job afterwards changes nothing.
    await recoverWholly(afterExpiry());
    expect((await expectSettled(user.id)).tokenBalance).toBe(wallet.tokenBalance);
  }, 120_000);
});
