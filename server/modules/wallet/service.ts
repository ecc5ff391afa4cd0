import { setTimeout as sleep } from "node:timers/promises";
import { isDuplicateKeyError } from "../../platform/db/mongo-schema.ts";
import type { Env } from "../../platform/env.ts";
import { ConflictError, InsufficientFundsError, NotFoundError } from "../../platform/errors.ts";
import { currentLocale } from "../../platform/request-context.ts";
import { intlLocale } from "../../../shared/locale.ts";
import { findTokenPackage, type TokenPackage } from "./packages.ts";
import {
  TransactionModel,
  WalletModel,
  WalletStateModel,
  type Transaction,
  type TransactionType,
} from "./wallet.model.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/*
 * The wallet: rupiah `balance`, `tokenBalance`, and token reservations. Every change goes through
 * `commitChange` (the versioned state log described in wallet.model.ts), so concurrent callers
 * can never overdraw either balance, on FerretDB as on MongoDB.
 *
 * For the Aleph chat (and anything else that spends tokens on work whose cost is known only
 * afterwards):
 *   1. `reserveTokens(deps, { userId, tokens, reservationId, expiresAt })` holds an estimate, or
 *      throws `InsufficientTokensError` when `tokenBalance - reservedTokens < tokens`. No ledger
 *      entry. `expiresAt` bounds it: past that, `expiredReservations` reports it to the recovery
 *      job, which settles or releases it (the holder is presumed dead).
 *   2. On success, `settleReservation(deps, { userId, reservationId, tokens, description,
 *      reference, idempotencyKey })` writes one `chat_usage` ledger entry of exactly `tokens`
 *      (at most the reserved amount) and drops the reservation, in one state change. It may be
 *      split: `claimSettlement` stores the entry as pending, bound to the reservation (so a
 *      concurrent send with the same idempotencyKey learns it lost), `settleReservation` applies it.
 *   3. On failure, `releaseReservation(deps, { userId, reservationId })`: nothing is charged, and
 *      a pending settlement of that reservation is dropped, never applied.
 * All are idempotent (by reservationId / idempotencyKey), so a retry is safe. The refusals are
 * domain errors (server/platform/errors.ts): InsufficientTokensError / InsufficientBalanceError
 * are insufficient funds (PAYMENT_REQUIRED), ReservationError / SettlementTakenError conflicts.
 */

export interface WalletDeps {
  env: Pick<Env, "WALLET_WELCOME_TOKENS">;
}

export interface WalletBalances {
  walletId: string;
  userId: number;
  /** Rupiah. */
  balance: number;
  tokenBalance: number;
  /** Tokens held by open reservations. */
  reservedTokens: number;
  /** tokenBalance - reservedTokens: what a new reservation or purchase may use. */
  availableTokens: number;
}

// In the reader's digits: "Rp 10.000" / "Rp 10,000".
const rupiah = (amount: number) => `Rp ${amount.toLocaleString(intlLocale[currentLocale()])}`;

/** The available tokens cannot cover what is asked (PAYMENT_REQUIRED). */
export class InsufficientTokensError extends InsufficientFundsError {
  constructor(
    needed: number,
    available: number,
    message: string = m.error_wallet_insufficientTokens({ needed, available }),
  ) {
    super(message, needed, available);
  }
}

/** The rupiah balance cannot cover the price (PAYMENT_REQUIRED). */
export class InsufficientBalanceError extends InsufficientFundsError {
  constructor(needed: number, available: number) {
    super(m.error_wallet_insufficientBalance({ needed: rupiah(needed), available: rupiah(available) }), needed, available);
  }
}

/** A settle or release for a reservation that does not exist (never made, or already closed). */
export class ReservationError extends ConflictError {}

/** The idempotencyKey of a settlement is already taken by the settlement of another reservation. */
export class SettlementTakenError extends ReservationError {
  constructor(readonly entry: LedgerEntry) {
    super(m.error_wallet_settlementTaken({ key: entry.idempotencyKey }));
  }
}

interface Reservation {
  reservationId: string;
  tokens: number;
  expiresAt?: Date | null;
}

/** How long a reservation made without `expiresAt` may stay open. */
export const DEFAULT_RESERVATION_LIFETIME_MS = 15 * 60_000;
/** Reservations stored before they had an expiry end once their wallet is this long unchanged. */
const LEGACY_RESERVATION_LIFETIME_MS = 60 * 60_000;
/** How far back the recovery looks for reserving states whose `wallets` copy a crash left behind. */
const RECENT_RESERVING_STATES_MS = 7 * 24 * 60 * 60_000;

interface State {
  version: number;
  balance: number;
  tokenBalance: number;
  reservations: Reservation[];
}

interface WalletRef {
  _id: string;
  userId: number;
}

const EMPTY_STATE: State = { version: 0, balance: 0, tokenBalance: 0, reservations: [] };
const MAX_ATTEMPTS = 500;

const reservedOf = (state: State) => state.reservations.reduce((sum, r) => sum + r.tokens, 0);

async function headState(walletId: string): Promise<State> {
  const head = await WalletStateModel.findOne({ walletId }).sort({ version: -1 }).lean();
  return head ?? EMPTY_STATE;
}

function balancesOf(wallet: WalletRef, state: State): WalletBalances {
  const reservedTokens = reservedOf(state);
  return {
    walletId: wallet._id,
    userId: wallet.userId,
    balance: state.balance,
    tokenBalance: state.tokenBalance,
    reservedTokens,
    availableTokens: state.tokenBalance - reservedTokens,
  };
}

/**
 * Applies one change to a wallet: reads the head state, lets `next` compute the following one
 * (or throw to refuse), and inserts it as the next version. Losing the race for a version means
 * re-reading and trying again; finding `changeKey` already stored means it was applied before.
 */
async function commitChange(
  wallet: WalletRef,
  changeKey: string,
  next: (state: State) => Omit<State, "version">,
): Promise<State> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const applied = await WalletStateModel.findOne({ changeKey }).lean();
    if (applied) return applied;
    const head = await headState(wallet._id);
    let computed: Omit<State, "version">;
    try {
      computed = next(head);
    } catch (error) {
      // Refused against a head that may already contain this very change, made by a concurrent
      // call between the two reads above (e.g. its reservation is gone because it was settled).
      const appliedMeanwhile = await WalletStateModel.findOne({ changeKey }).lean();
      if (appliedMeanwhile) return appliedMeanwhile;
      throw error;
    }
    const { balance, tokenBalance, reservations } = computed;
    const state = { balance, tokenBalance, reservations, version: head.version + 1 };
    try {
      await WalletStateModel.create({ walletId: wallet._id, userId: wallet.userId, changeKey, ...state });
      // The `wallets` copy is for listings only; a stale write is corrected by the next change.
      await copyToWallet(wallet._id, state);
      // FerretDB's guarded update is read-then-write: an older writer's copy can land after this
      // one. Whoever writes last sees a newer head and copies it, so the copy (which the
      // reservation recovery scans) does not stay behind.
      const newest = await headState(wallet._id);
      if (newest.version > state.version) await copyToWallet(wallet._id, newest);
      return state;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Spread the losers out so that a crowd does not collide on every version again.
      await sleep(Math.random() * Math.min(50, 2 + attempt * 2));
    }
  }
  throw new Error(`Wallet ${wallet._id} stayed contended for ${MAX_ATTEMPTS} attempts`);
}

async function copyToWallet(walletId: string, state: State) {
  await WalletModel.updateOne(
    { _id: walletId, version: { $lt: state.version } },
    {
      $set: {
        balance: state.balance,
        tokenBalance: state.tokenBalance,
        reservedTokens: reservedOf(state),
        version: state.version,
      },
    },
  );
}

async function findOrCreateWalletDocument(userId: number): Promise<WalletRef> {
  const existing = await WalletModel.findOne({ userId }, { _id: 1, userId: 1 }).lean();
  if (existing) return existing;
  try {
    const created = await WalletModel.create({ userId });
    return { _id: created._id, userId };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return (await WalletModel.findOne({ userId }, { _id: 1, userId: 1 }).lean())!;
  }
}

/**
 * The user's wallet, created on first use with the welcome grant as its first ledger entry. The
 * grant's idempotency key makes it once-only even when several first uses race.
 */
export async function getOrCreateWallet(deps: WalletDeps, userId: number): Promise<WalletBalances> {
  const { wallet, state } = await openWallet(deps, userId);
  return balancesOf(wallet, state);
}

async function openWallet(deps: WalletDeps, userId: number): Promise<{ wallet: WalletRef; state: State }> {
  const wallet = await findOrCreateWalletDocument(userId);
  let state = await headState(wallet._id);
  if (state.version === 0 && deps.env.WALLET_WELCOME_TOKENS > 0) {
    await applyEntry(wallet, {
      type: "welcome_grant",
      amount: 0,
      tokenAmount: deps.env.WALLET_WELCOME_TOKENS,
      description: "Bonus selamat datang",
      reference: null,
      idempotencyKey: `welcome:${userId}`,
    });
    state = await headState(wallet._id);
  }
  return { wallet, state };
}

/** Both balances and the reserved tokens of the user's wallet (created on first use). */
export const getWallet = getOrCreateWallet;

export interface LedgerEntryInput {
  userId: number;
  type: TransactionType;
  /** Rupiah change, negative when spent. */
  amount: number;
  /** Token change, negative when spent. */
  tokenAmount: number;
  description: string;
  reference: string | null;
  /** Unique per intended change: the same key applies the entry at most once. */
  idempotencyKey: string;
  /** Money from the sandbox gateway, not a real payment (shown as such in the history). */
  testMoney?: boolean;
}

export type LedgerEntry = Transaction & { _id: string; createdAt: Date };

/**
 * Applies one ledger entry to the user's wallet, or throws InsufficientBalanceError /
 * InsufficientTokensError (then nothing changes). Idempotent: a second call with the same
 * key returns the first entry (or resumes it, if the first call stopped half-way).
 */
export async function applyLedgerEntry(deps: WalletDeps, input: LedgerEntryInput): Promise<LedgerEntry> {
  const { wallet } = await openWallet(deps, input.userId);
  return applyEntry(wallet, input);
}

/** Stores the entry as pending (or finds the one stored under its idempotencyKey). */
async function storeEntry(
  wallet: WalletRef,
  input: Omit<LedgerEntryInput, "userId">,
  reservationId: string | null,
): Promise<LedgerEntry> {
  try {
    return (await TransactionModel.create({ ...input, reservationId, userId: wallet.userId, walletId: wallet._id })).toObject();
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const entry = await TransactionModel.findOne({ idempotencyKey: input.idempotencyKey }).lean();
    // Deleted in between (an abandoned settlement): store it again.
    if (!entry) return storeEntry(wallet, input, reservationId);
    if (entry.walletId !== wallet._id) throw new Error(`Idempotency key ${input.idempotencyKey} belongs to another wallet`);
    return entry;
  }
}

async function applyEntry(
  wallet: WalletRef,
  input: Omit<LedgerEntryInput, "userId">,
  reservationId: string | null = null,
): Promise<LedgerEntry> {
  const entry = await storeEntry(wallet, input, reservationId);
  if ((entry.reservationId ?? null) !== reservationId) throw new SettlementTakenError(entry);
  return commitEntry(wallet, entry);
}

/** Applies a stored entry (pending, or resumed), closing the reservation it names. */
async function commitEntry(wallet: WalletRef, entry: LedgerEntry): Promise<LedgerEntry> {
  if (entry.status === "applied") return entry;
  if (entry.status === "cancelled") throw refusalOf(entry, await headState(wallet._id));
  // The reservation is the stored one, never the caller's: a racing caller cannot close its own.
  const reservationId = entry.reservationId ?? null;
  let state: State;
  try {
    state = await commitChange(wallet, `txn:${entry._id}`, (head) => {
      let reservations = head.reservations;
      if (reservationId !== null) {
        const reservation = head.reservations.find((r) => r.reservationId === reservationId);
        if (!reservation) throw new ReservationError(m.error_wallet_reservationNotFound({ id: reservationId }));
        if (-entry.tokenAmount > reservation.tokens) {
          throw new ReservationError(m.error_wallet_overReservation({ used: -entry.tokenAmount, reserved: reservation.tokens }));
        }
        reservations = head.reservations.filter((r) => r !== reservation);
      }
      const balance = head.balance + entry.amount;
      const tokenBalance = head.tokenBalance + entry.tokenAmount;
      // A reservation's own tokens are spendable by its settlement; other reservations are not.
      const otherReserved = reservations.reduce((sum, r) => sum + r.tokens, 0);
      if (balance < 0 || tokenBalance - otherReserved < 0) throw refusalOf(entry, head);
      return { balance, tokenBalance, reservations };
    });
  } catch (error) {
    if (error instanceof InsufficientBalanceError || error instanceof InsufficientTokensError) {
      await TransactionModel.updateOne({ _id: entry._id, status: "pending" }, { $set: { status: "cancelled" } });
    }
    // Its reservation is gone (released or expired): this settlement can never apply.
    if (error instanceof ReservationError && reservationId !== null) await dropOrphanedSettlements(wallet._id, reservationId);
    throw error;
  }
  return markApplied(entry._id, state);
}

/**
 * Settlements of `reservationId` that can never apply (their reservation is gone and they did
 * not close it) are deleted: they never changed a balance, and the key is free for a retry. One
 * that did close it is marked applied. Nothing is done while the reservation is still open.
 */
async function dropOrphanedSettlements(walletId: string, reservationId: string): Promise<void> {
  const pending = await TransactionModel.find({ walletId, reservationId, status: "pending" }).lean();
  if (pending.length === 0) return;
  // The head first, then the state change: a settlement landing in between shows in the second read.
  const head = await headState(walletId);
  if (head.reservations.some((r) => r.reservationId === reservationId)) return;
  for (const entry of pending) {
    const applied = await WalletStateModel.findOne({ changeKey: `txn:${entry._id}` }).lean();
    if (applied) await markApplied(entry._id, applied);
    else await TransactionModel.deleteOne({ _id: entry._id, status: "pending" });
  }
}

function refusalOf(entry: Pick<LedgerEntry, "amount" | "tokenAmount">, head: State): Error {
  if (head.balance + entry.amount < 0) return new InsufficientBalanceError(-entry.amount, head.balance);
  return new InsufficientTokensError(-entry.tokenAmount, head.tokenBalance - reservedOf(head));
}

async function markApplied(transactionId: string, state: Pick<State, "balance" | "tokenBalance">) {
  return (await TransactionModel.findOneAndUpdate(
    { _id: transactionId },
    { $set: { status: "applied", balanceAfter: state.balance, tokenBalanceAfter: state.tokenBalance } },
    { new: true },
  ).lean())!;
}

/**
 * Holds `tokens` for work about to be paid, until `expiresAt` (default: in
 * DEFAULT_RESERVATION_LIFETIME_MS); idempotent by reservationId.
 */
export async function reserveTokens(
  deps: WalletDeps,
  input: { userId: number; tokens: number; reservationId: string; expiresAt?: Date },
): Promise<WalletBalances> {
  const expiresAt = input.expiresAt ?? new Date(Date.now() + DEFAULT_RESERVATION_LIFETIME_MS);
  if (!Number.isInteger(input.tokens) || input.tokens < 1) throw new ReservationError(m.error_wallet_tokenAmountInvalid());
  const { wallet } = await openWallet(deps, input.userId);
  const state = await commitChange(wallet, `reserve:${input.reservationId}`, (head) => {
    const available = head.tokenBalance - reservedOf(head);
    if (available < input.tokens) throw new InsufficientTokensError(input.tokens, available);
    return { ...head, reservations: [...head.reservations, { reservationId: input.reservationId, tokens: input.tokens, expiresAt }] };
  });
  return balancesOf(wallet, state);
}

export interface SettlementInput {
  userId: number;
  reservationId: string;
  tokens: number;
  description: string;
  reference: string | null;
  idempotencyKey: string;
}

function settlementEntry(input: SettlementInput): Omit<LedgerEntryInput, "userId"> {
  if (!Number.isInteger(input.tokens) || input.tokens < 0) throw new ReservationError(m.error_wallet_tokenAmountInvalid());
  return {
    type: "chat_usage",
    amount: 0,
    tokenAmount: -input.tokens,
    description: input.description,
    reference: input.reference,
    idempotencyKey: input.idempotencyKey,
  };
}

/**
 * Stores the settlement of a reservation as a pending entry, bound to it, without applying it.
 * Throws SettlementTakenError when another reservation's settlement holds the idempotencyKey.
 */
export async function claimSettlement(_deps: WalletDeps, input: SettlementInput): Promise<LedgerEntry> {
  const wallet = await findOrCreateWalletDocument(input.userId);
  const entry = await storeEntry(wallet, settlementEntry(input), input.reservationId);
  if (entry.reservationId !== input.reservationId) throw new SettlementTakenError(entry);
  return entry;
}

/**
 * Charges `tokens` (at most the reserved amount) as one ledger entry and closes the
 * reservation in the same state change. Idempotent by idempotencyKey; throws
 * SettlementTakenError when that key settled (or is settling) another reservation, and
 * ReservationError when the reservation is no longer open.
 */
export async function settleReservation(_deps: WalletDeps, input: SettlementInput): Promise<LedgerEntry> {
  const wallet = await findOrCreateWalletDocument(input.userId);
  return applyEntry(wallet, settlementEntry(input), input.reservationId);
}

/** Whether a settlement under `idempotencyKey` is stored but not yet applied (being settled). */
export async function settlementPending(idempotencyKey: string): Promise<boolean> {
  return (await TransactionModel.exists({ idempotencyKey, status: "pending" })) !== null;
}

/** Applies the settlement already claimed for `reservationId`, if there is one (recovery). */
export async function settleClaimed(input: { userId: number; reservationId: string }): Promise<LedgerEntry | null> {
  const wallet = await findOrCreateWalletDocument(input.userId);
  const entry = await TransactionModel.findOne({ walletId: wallet._id, reservationId: input.reservationId, status: { $ne: "cancelled" } }).lean();
  return entry ? commitEntry(wallet, entry) : null;
}

/**
 * Drops a reservation without charging anything (a no-op when it is already gone), and drops a
 * pending settlement of it, which can then never be applied.
 */
export async function releaseReservation(
  _deps: WalletDeps,
  input: { userId: number; reservationId: string },
): Promise<WalletBalances> {
  const wallet = await findOrCreateWalletDocument(input.userId);
  const head = await headState(wallet._id);
  let state = head;
  if (head.reservations.some((r) => r.reservationId === input.reservationId)) {
    state = await commitChange(wallet, `release:${input.reservationId}`, (current) => ({
      ...current,
      reservations: current.reservations.filter((r) => r.reservationId !== input.reservationId),
    }));
  }
  await dropOrphanedSettlements(wallet._id, input.reservationId);
  return balancesOf(wallet, state);
}

export interface ExpiredReservation {
  walletId: string;
  userId: number;
  reservationId: string;
  tokens: number;
}

/**
 * Reservations still open past their `expiresAt` (their holder died or hung): the recovery job
 * settles or releases each. Scans the wallets whose copy shows reserved tokens.
 */
export async function expiredReservations(now: Date): Promise<ExpiredReservation[]> {
  const expired: ExpiredReservation[] = [];
  const walletIds = new Set<string>();
  for await (const wallet of WalletModel.find({ reservedTokens: { $gt: 0 } }, { _id: 1 }).lean().cursor()) walletIds.add(wallet._id);
  // A process that died between inserting a state and copying it to `wallets` left the copy
  // behind: recent states that hold reservations name those wallets too.
  const since = new Date(now.getTime() - RECENT_RESERVING_STATES_MS);
  for (const walletId of await WalletStateModel.distinct("walletId", { "reservations.0": { $exists: true }, createdAt: { $gte: since } })) {
    walletIds.add(String(walletId));
  }
  for (const walletId of [...walletIds].sort()) {
    const head = (await headState(walletId)) as State & { createdAt?: Date; userId: number };
    const legacyDeadline = (head.createdAt?.getTime() ?? 0) + LEGACY_RESERVATION_LIFETIME_MS;
    for (const reservation of head.reservations) {
      const deadline = reservation.expiresAt ? reservation.expiresAt.getTime() : legacyDeadline;
      if (deadline < now.getTime()) {
        expired.push({ walletId, userId: head.userId, reservationId: reservation.reservationId, tokens: reservation.tokens });
      }
    }
  }
  return expired;
}

export interface LedgerCheck {
  walletId: string;
  userId: number;
  balance: number;
  tokenBalance: number;
  ledgerBalance: number;
  ledgerTokenBalance: number;
  /** Entries still pending (a change interrupted half-way, or in flight right now). */
  pendingEntries: number;
  matches: boolean;
}

/** Compares a wallet's balances with the sum of its applied ledger entries. */
export async function checkWalletLedger(walletId: string): Promise<LedgerCheck | null> {
  const wallet = await WalletModel.findById(walletId, { _id: 1, userId: 1 }).lean();
  if (!wallet) return null;
  const [state, pendingEntries] = await Promise.all([
    headState(walletId),
    TransactionModel.countDocuments({ walletId, status: "pending" }),
  ]);
  // Summed here, not by $group: FerretDB 1.24's $sum returned 0 for [0, 1] in a check.
  let ledgerBalance = 0;
  let ledgerTokenBalance = 0;
  const applied = TransactionModel.find({ walletId, status: "applied" }, { amount: 1, tokenAmount: 1 }).lean().cursor();
  for await (const entry of applied) {
    ledgerBalance += entry.amount;
    ledgerTokenBalance += entry.tokenAmount;
  }
  return {
    walletId,
    userId: wallet.userId,
    balance: state.balance,
    tokenBalance: state.tokenBalance,
    ledgerBalance,
    ledgerTokenBalance,
    pendingEntries,
    matches: ledgerBalance === state.balance && ledgerTokenBalance === state.tokenBalance,
  };
}

/** Every wallet whose balances differ from its ledger (the admin report). */
export async function findLedgerMismatches(): Promise<LedgerCheck[]> {
  const mismatches: LedgerCheck[] = [];
  for await (const wallet of WalletModel.find({}, { _id: 1 }).sort({ _id: 1 }).lean().cursor()) {
    const check = await checkWalletLedger(wallet._id);
    if (check && !check.matches) mismatches.push(check);
  }
  return mismatches;
}

/**
 * Finishes ledger entries left pending for longer than `olderThanMs` (a process stopped between
 * two steps): an entry whose state change exists is marked applied; one without is applied now,
 * or cancelled if the balance no longer covers it. A settlement is only ever applied with its
 * reservation: while that is open it is left to the reservation's recovery (the holder may still
 * be working); once it is gone, the settlement is dropped (dropOrphanedSettlements). Returns how
 * many it finished.
 */
export async function resumePendingEntries(now: Date, olderThanMs = 60_000): Promise<number> {
  const stale = await TransactionModel.find({
    status: "pending",
    createdAt: { $lt: new Date(now.getTime() - olderThanMs) },
  }).lean();
  let finished = 0;
  for (const entry of stale) {
    if (entry.reservationId) {
      await dropOrphanedSettlements(entry.walletId, entry.reservationId);
      finished++;
      continue;
    }
    const applied = await WalletStateModel.findOne({ changeKey: `txn:${entry._id}` }).lean();
    if (applied) {
      await markApplied(entry._id, applied);
    } else if (entry.type === "chat_usage") {
      // A settlement stored before entries named their reservation: that reservation is unknown
      // (it ends by expiry), and applying the charge without it would charge for nothing.
      await TransactionModel.updateOne({ _id: entry._id, status: "pending" }, { $set: { status: "cancelled" } });
    } else {
      const wallet = { _id: entry.walletId, userId: entry.userId };
      await applyEntry(wallet, { ...entry, reference: entry.reference ?? null }).catch((error: unknown) => {
        if (!(error instanceof InsufficientBalanceError || error instanceof InsufficientTokensError)) throw error;
      });
    }
    finished++;
  }
  return finished;
}

/**
 * Buys a token package with the rupiah balance: one ledger entry taking the price and adding the
 * tokens, refused with InsufficientBalanceError when the balance is short. `requestKey`, made
 * once per purchase by the client, makes a retried request buy once.
 */
export async function buyPackageWithBalance(
  deps: WalletDeps,
  input: { userId: number; tokenPackage: TokenPackage; requestKey: string },
): Promise<LedgerEntry> {
  const { tokenPackage } = input;
  return applyLedgerEntry(deps, {
    userId: input.userId,
    type: "token_purchase",
    amount: -tokenPackage.price,
    tokenAmount: tokenPackage.tokens,
    description: `Paket ${tokenPackage.name}`,
    reference: `package:${tokenPackage.id}`,
    idempotencyKey: `package:${input.userId}:${input.requestKey}`,
  });
}

export interface PurchaseDeps {
  env: Pick<Env, "WALLET_WELCOME_TOKENS" | "TOKEN_PACKAGES">;
}

/**
 * `wallet.buyPackage`: the package by its id (NotFoundError when it is not on sale), bought with
 * the rupiah balance (buyPackageWithBalance), and the wallet as it is afterwards.
 */
export async function buyPackage(
  deps: PurchaseDeps,
  input: { userId: number; packageId: string; requestKey: string },
): Promise<{ transactionId: string; wallet: WalletBalances }> {
  const tokenPackage = findTokenPackage(deps.env, input.packageId);
  if (!tokenPackage) throw new NotFoundError(m.error_wallet_packageNotFound());
  const entry = await buyPackageWithBalance(deps, { userId: input.userId, tokenPackage, requestKey: input.requestKey });
  return { transactionId: entry._id, wallet: await getWallet(deps, input.userId) };
}

/** Proof that the user's balances equal the sum of their ledger (their wallet created on first use). */
export async function checkOwnLedger(deps: WalletDeps, userId: number): Promise<LedgerCheck> {
  const wallet = await getWallet(deps, userId);
  return (await checkWalletLedger(wallet.walletId))!;
}

/** When the entry applied under `idempotencyKey` was made, or null while none is applied. */
export async function appliedEntryTime(idempotencyKey: string): Promise<Date | null> {
  const entry = await TransactionModel.findOne({ idempotencyKey, status: "applied" }, { createdAt: 1 }).lean();
  return entry?.createdAt ?? null;
}

/**
 * Marks ledger entries written before `testMoney` existed, 500 at a time: `isTestMoney` gets the
 * idempotency keys of a batch and answers which of them credited test money (the payment module
 * knows its sandbox orders). Returns how many entries were marked as test money.
 */
export async function markLegacyTestMoney(isTestMoney: (idempotencyKeys: string[]) => Promise<Set<string>>): Promise<number> {
  let marked = 0;
  for (;;) {
    const batch = await TransactionModel.find({ testMoney: { $exists: false } }, { _id: 1, idempotencyKey: 1 }).limit(500).lean();
    if (batch.length === 0) return marked;
    const test = await isTestMoney(batch.map((entry) => entry.idempotencyKey));
    const testIds = batch.filter((entry) => test.has(entry.idempotencyKey)).map((entry) => entry._id);
    const realIds = batch.filter((entry) => !test.has(entry.idempotencyKey)).map((entry) => entry._id);
    if (testIds.length) await TransactionModel.updateMany({ _id: { $in: testIds } }, { $set: { testMoney: true } });
    if (realIds.length) await TransactionModel.updateMany({ _id: { $in: realIds } }, { $set: { testMoney: false } });
    marked += testIds.length;
  }
}

/**
 * A member is told once when their tokens run low: when a debit takes the token balance from at
 * least this many to fewer (a top-up and a later debit make a new crossing). About two answers
 * of Aleph at the default ALEPH_MAX_OUTPUT_TOKENS.
 */
export const LOW_TOKEN_BALANCE = 2_000;

/** Whether an applied entry is a debit that crossed LOW_TOKEN_BALANCE downwards. */
function crossedLowBalance(entry: { status: string; tokenAmount: number; tokenBalanceAfter?: number | null }): boolean {
  const after = entry.tokenBalanceAfter;
  return entry.status === "applied" && entry.tokenAmount < 0 && typeof after === "number" && after < LOW_TOKEN_BALANCE && after - entry.tokenAmount >= LOW_TOKEN_BALANCE;
}

/**
 * The entries created between `since` and `until` that took a token balance below
 * LOW_TOKEN_BALANCE (the notification sweep, which is what notices them: every debit path, the
 * recovery job's included, ends in an applied entry), at most `limit`.
 */
export async function lowTokenCrossingsBetween(since: Date, until: Date, limit: number): Promise<string[]> {
  const rows = await TransactionModel.find(
    { createdAt: { $gte: since, $lt: until }, status: "applied", tokenAmount: { $lt: 0 }, tokenBalanceAfter: { $lt: LOW_TOKEN_BALANCE } },
    { status: 1, tokenAmount: 1, tokenBalanceAfter: 1 },
  )
    .sort({ createdAt: 1 })
    .limit(limit)
    .lean();
  return rows.filter(crossedLowBalance).map((row) => row._id);
}

/** A low-balance crossing as its notification reads it; null when the entry is not one. */
export async function findLowTokenCrossing(transactionId: string): Promise<{ userId: number; tokenBalance: number } | null> {
  const entry = await TransactionModel.findById(transactionId, { userId: 1, status: 1, tokenAmount: 1, tokenBalanceAfter: 1 }).lean();
  if (!entry || !crossedLowBalance(entry)) return null;
  return { userId: entry.userId, tokenBalance: entry.tokenBalanceAfter! };
}
