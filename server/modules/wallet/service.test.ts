import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectTestMongo, type TestMongo } from "../../testing/mongo.ts";
import {
  InsufficientBalanceError,
  InsufficientTokensError,
  ReservationError,
  SettlementTakenError,
  applyLedgerEntry,
  checkWalletLedger,
  expiredReservations,
  findLedgerMismatches,
  getOrCreateWallet,
  getWallet,
  releaseReservation,
  reserveTokens,
  resumePendingEntries,
  settleReservation,
} from "./service.ts";
import { TransactionModel, WalletModel, WalletStateModel } from "./wallet.model.ts";

let mongo: TestMongo;
beforeAll(async () => {
  mongo = await connectTestMongo();
});
afterAll(async () => {
  await mongo?.drop();
});

const deps = { env: { WALLET_WELCOME_TOKENS: 10_000 } };
let nextUserId = 1000;
const newUser = () => ++nextUserId;

async function expectLedgerMatches(userId: number) {
  const wallet = await getWallet(deps, userId);
  const check = await checkWalletLedger(wallet.walletId);
  expect(check).toMatchObject({ matches: true, pendingEntries: 0 });
  return wallet;
}

describe("getOrCreateWallet", () => {
  it("creates the wallet with the welcome grant as its first ledger entry", async () => {
    const userId = newUser();
    expect(await getOrCreateWallet(deps, userId)).toMatchObject({
      userId,
      balance: 0,
      tokenBalance: 10_000,
      reservedTokens: 0,
      availableTokens: 10_000,
    });
    const entries = await TransactionModel.find({ userId }).lean();
    expect(entries).toMatchObject([
      { type: "welcome_grant", tokenAmount: 10_000, status: "applied", tokenBalanceAfter: 10_000 },
    ]);
  });

  it("grants once when twenty first uses race", async () => {
    const userId = newUser();
    const wallets = await Promise.all(Array.from({ length: 20 }, () => getOrCreateWallet(deps, userId)));
    expect(new Set(wallets.map((w) => w.walletId)).size).toBe(1);
    expect(await WalletModel.countDocuments({ userId })).toBe(1);
    expect(await TransactionModel.countDocuments({ userId })).toBe(1);
    expect((await expectLedgerMatches(userId)).tokenBalance).toBe(10_000);
  });

  it("grants what the configuration says, or nothing", async () => {
    const userId = newUser();
    expect((await getOrCreateWallet({ env: { WALLET_WELCOME_TOKENS: 0 } }, userId)).tokenBalance).toBe(0);
    expect(await TransactionModel.countDocuments({ userId })).toBe(0);
  });
});

describe("applyLedgerEntry", () => {
  const topup = (userId: number, amount: number, key: string) =>
    applyLedgerEntry(deps, {
      userId,
      type: "topup",
      amount,
      tokenAmount: 0,
      description: "Top up",
      reference: null,
      idempotencyKey: key,
    });

  it("applies an entry once per idempotency key", async () => {
    const userId = newUser();
    const first = await topup(userId, 75_000, `t:${userId}`);
    const again = await topup(userId, 75_000, `t:${userId}`);
    expect(again._id).toBe(first._id);
    expect(first).toMatchObject({ status: "applied", balanceAfter: 75_000, tokenBalanceAfter: 10_000 });
    expect((await expectLedgerMatches(userId)).balance).toBe(75_000);
  });

  it("refuses to take the balance below zero, cancelling the entry and changing nothing", async () => {
    const userId = newUser();
    await topup(userId, 10_000, `t1:${userId}`);
    await expect(topup(userId, -10_001, `spend:${userId}`)).rejects.toBeInstanceOf(InsufficientBalanceError);
    expect(await TransactionModel.findOne({ idempotencyKey: `spend:${userId}` }).lean()).toMatchObject({
      status: "cancelled",
    });
    await expect(topup(userId, -10_001, `spend:${userId}`)).rejects.toBeInstanceOf(InsufficientBalanceError);
    expect((await expectLedgerMatches(userId)).balance).toBe(10_000);
  });

  it("never overdraws under 50 concurrent spends that the balance covers 20 times", async () => {
    const userId = newUser();
    await topup(userId, 20 * 3_000, `t:${userId}`);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => topup(userId, -3_000, `spend:${userId}:${i}`)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(20);
    for (const r of results) {
      if (r.status === "rejected") expect(r.reason).toBeInstanceOf(InsufficientBalanceError);
    }
    expect((await expectLedgerMatches(userId)).balance).toBe(0);
    const balancesAfter = (await TransactionModel.find({ userId, status: "applied" }).lean()).map((e) => e.balanceAfter!);
    expect(Math.min(...balancesAfter)).toBe(0);
  }, 60_000);

  it("finishes an entry a crash left pending, exactly once", async () => {
    const userId = newUser();
    const wallet = await getOrCreateWallet(deps, userId);
    const stranded = await TransactionModel.create({
      userId,
      walletId: wallet.walletId,
      type: "topup",
      amount: 5_000,
      tokenAmount: 0,
      description: "Top up",
      idempotencyKey: `stranded:${userId}`,
      createdAt: new Date(Date.now() - 3_600_000),
    });
    expect((await checkWalletLedger(wallet.walletId))?.pendingEntries).toBe(1);
    const later = new Date();
    await resumePendingEntries(later);
    await resumePendingEntries(later);
    expect(await TransactionModel.findById(stranded._id).lean()).toMatchObject({ status: "applied", balanceAfter: 5_000 });
    expect((await expectLedgerMatches(userId)).balance).toBe(5_000);
  });
});

describe("token reservations", () => {
  const settle = (userId: number, reservationId: string, tokens: number) =>
    settleReservation(deps, {
      userId,
      reservationId,
      tokens,
      description: "Aleph",
      reference: `msg:${reservationId}`,
      idempotencyKey: `chat:${reservationId}`,
    });

  it("holds tokens, then charges exactly what was used in one ledger entry", async () => {
    const userId = newUser();
    expect(await reserveTokens(deps, { userId, tokens: 3_000, reservationId: "r1" })).toMatchObject({
      tokenBalance: 10_000,
      reservedTokens: 3_000,
      availableTokens: 7_000,
    });
    const entry = await settle(userId, "r1", 1_234);
    expect(entry).toMatchObject({ type: "chat_usage", tokenAmount: -1_234, tokenBalanceAfter: 8_766, status: "applied" });
    expect(await settle(userId, "r1", 1_234)).toMatchObject({ _id: entry._id });
    expect(await expectLedgerMatches(userId)).toMatchObject({ tokenBalance: 8_766, reservedTokens: 0 });
  });

  it("refuses a reservation larger than the available tokens", async () => {
    const userId = newUser();
    await reserveTokens(deps, { userId, tokens: 9_000, reservationId: "big" });
    await expect(reserveTokens(deps, { userId, tokens: 1_001, reservationId: "more" })).rejects.toBeInstanceOf(
      InsufficientTokensError,
    );
    expect((await getWallet(deps, userId)).reservedTokens).toBe(9_000);
  });

  it("charges nothing when released, and releasing twice is harmless", async () => {
    const userId = newUser();
    await reserveTokens(deps, { userId, tokens: 500, reservationId: "gone" });
    await releaseReservation(deps, { userId, reservationId: "gone" });
    expect(await releaseReservation(deps, { userId, reservationId: "gone" })).toMatchObject({
      tokenBalance: 10_000,
      reservedTokens: 0,
    });
    await expect(settle(userId, "gone", 100)).rejects.toBeInstanceOf(ReservationError);
    expect(await TransactionModel.countDocuments({ userId, type: "chat_usage", status: "applied" })).toBe(0);
  });

  it("refuses to settle more than was reserved", async () => {
    const userId = newUser();
    await reserveTokens(deps, { userId, tokens: 100, reservationId: "small" });
    await expect(settle(userId, "small", 101)).rejects.toBeInstanceOf(ReservationError);
    expect((await getWallet(deps, userId)).reservedTokens).toBe(100);
  });

  it("lets one of eight settlements racing for one key charge; each loser is told and its reservation stays its own", async () => {
    const userId = newUser();
    const ids = Array.from({ length: 8 }, (_, i) => `race${i}`);
    for (const reservationId of ids) await reserveTokens(deps, { userId, tokens: 500, reservationId });
    const outcomes = await Promise.allSettled(
      ids.map((reservationId) =>
        settleReservation(deps, { userId, reservationId, tokens: 100, description: "Aleph", reference: reservationId, idempotencyKey: `chat:race:${userId}` }),
      ),
    );
    const won = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    expect(won).toHaveLength(1);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(SettlementTakenError);
    // The winner's reservation was the one closed; each loser releases its own.
    expect((await getWallet(deps, userId)).reservedTokens).toBe(7 * 500);
    for (const reservationId of ids) await releaseReservation(deps, { userId, reservationId });
    expect(await expectLedgerMatches(userId)).toMatchObject({ tokenBalance: 9_900, reservedTokens: 0 });
  }, 60_000);

  it("drops a settlement whose reservation was released instead of applying it later", async () => {
    const userId = newUser();
    await reserveTokens(deps, { userId, tokens: 500, reservationId: "late" });
    await releaseReservation(deps, { userId, reservationId: "late" });
    await expect(settle(userId, "late", 100)).rejects.toBeInstanceOf(ReservationError);
    await resumePendingEntries(new Date(Date.now() + 3_600_000), 0);
    expect(await TransactionModel.countDocuments({ userId, type: "chat_usage" })).toBe(0);
    expect((await expectLedgerMatches(userId)).tokenBalance).toBe(10_000);
  });

  it("cancels a pending chat charge stored before charges named their reservation, never applying it", async () => {
    const userId = newUser();
    const wallet = await getOrCreateWallet(deps, userId);
    await TransactionModel.create({
      userId,
      walletId: wallet.walletId,
      type: "chat_usage",
      tokenAmount: -300,
      description: "Aleph",
      idempotencyKey: `legacy:${userId}`,
      createdAt: new Date(Date.now() - 3_600_000),
    });
    await resumePendingEntries(new Date());
    expect(await TransactionModel.findOne({ idempotencyKey: `legacy:${userId}` }).lean()).toMatchObject({ status: "cancelled" });
    expect((await expectLedgerMatches(userId)).tokenBalance).toBe(10_000);
  });

  it("reports a reservation as expired only once its expiresAt has passed", async () => {
    const userId = newUser();
    const expiresAt = new Date(Date.now() + 60_000);
    await reserveTokens(deps, { userId, tokens: 200, reservationId: `exp:${userId}` });
    await reserveTokens(deps, { userId, tokens: 300, reservationId: `exp2:${userId}`, expiresAt });
    const mine = async (now: Date) => (await expiredReservations(now)).filter((r) => r.userId === userId).map((r) => r.reservationId);
    expect(await mine(new Date())).toEqual([]);
    expect(await mine(new Date(expiresAt.getTime() + 1))).toEqual([`exp2:${userId}`]);
    // Without expiresAt: the default lifetime (15 minutes).
    expect(await mine(new Date(Date.now() + 16 * 60_000))).toEqual([`exp:${userId}`, `exp2:${userId}`]);
  });

  it("finds an expired reservation whose wallets copy a crash left behind", async () => {
    const userId = newUser();
    const expiresAt = new Date(Date.now() + 60_000);
    await reserveTokens(deps, { userId, tokens: 250, reservationId: `lost:${userId}`, expiresAt });
    // The process died after inserting the state and before copying it: the copy shows nothing held.
    await WalletModel.updateOne({ userId }, { $set: { reservedTokens: 0 } });
    const found = (await expiredReservations(new Date(expiresAt.getTime() + 1))).filter((r) => r.userId === userId);
    expect(found.map((r) => r.reservationId)).toEqual([`lost:${userId}`]);
  });

  it("never over-reserves under 40 concurrent reservations", async () => {
    const userId = newUser();
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => reserveTokens(deps, { userId, tokens: 1_000, reservationId: `c${i}` })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    expect(await getWallet(deps, userId)).toMatchObject({ reservedTokens: 10_000, availableTokens: 0 });
    const states = await WalletStateModel.find({ userId }).lean();
    expect(new Set(states.map((s) => s.version)).size).toBe(states.length);
  }, 60_000);
});

describe("ledger check", () => {
  it("reports a wallet whose balances drifted from its ledger", async () => {
    const userId = newUser();
    const wallet = await getOrCreateWallet(deps, userId);
    expect(await findLedgerMismatches()).toEqual([]);
    // A ledger entry edited behind the service's back.
    await TransactionModel.updateOne({ walletId: wallet.walletId }, { $set: { tokenAmount: 9_000 } });
    expect(await findLedgerMismatches()).toEqual([
      expect.objectContaining({ walletId: wallet.walletId, tokenBalance: 10_000, ledgerTokenBalance: 9_000, matches: false }),
    ]);
    await TransactionModel.updateOne({ walletId: wallet.walletId }, { $set: { tokenAmount: 10_000 } });
  });
});
