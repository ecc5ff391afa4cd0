import { Schema, type InferSchemaType } from "mongoose";
import { defineModel, integer, prefixedId } from "../../platform/db/mongo-schema.ts";

/*
 * A wallet's state changes through a log, `wallet_states`: version n+1 of a wallet is one inserted
 * document, unique on (walletId, version), holding the full state after the change. Inserting
 * under a unique key is the one write FerretDB 1.x (SQLite) makes atomic: measured with 50
 * concurrent calls, a `findOneAndUpdate` with a `$gte`-guarded `$inc`, and a version-guarded
 * `$set`, all "succeeded" while the document moved a few steps only (read, then write back, with
 * no isolation), so guarded updates would lose money there. So a change reads the head of the
 * log, computes the next state (refusing if a balance would go below zero), and inserts it; of
 * concurrent writers exactly one wins each version and the others re-read and retry. The same
 * holds on real MongoDB. Every state also names the change it made (`changeKey`, unique), so
 * a retried change is never applied twice.
 *
 * A ledger entry is applied in steps that can be resumed after a crash: insert the transaction
 * as `pending` (its unique idempotencyKey stops a second copy), insert the wallet state whose
 * changeKey is `txn:<transaction id>`, then mark the transaction `applied` with the balances of
 * that state. Resuming finds the state by its changeKey instead of applying it again. Applied
 * transactions always sum to the balances of the head state. The `wallets` document is the
 * wallet's identity (one per user) and a copy of the head state for listings.
 *
 * A settlement (a charge that closes a token reservation) names its reservation on the entry
 * (`reservationId`), so it is only ever applied together with closing that reservation: never
 * after the reservation was released or expired, and never by another reservation that raced it
 * for the same idempotencyKey. An entry whose reservation is gone without it is deleted, not
 * applied (it never changed a balance), which also frees its key for a retry.
 */

const walletSchema = new Schema(
  {
    _id: prefixedId("wal"),
    userId: { type: Number, required: true, validate: integer },
    /** Rupiah. */
    balance: { type: Number, required: true, default: 0, min: 0, validate: integer },
    tokenBalance: { type: Number, required: true, default: 0, min: 0, validate: integer },
    /** Tokens held by open reservations (an Aleph reply being generated); not spendable. */
    reservedTokens: { type: Number, required: true, default: 0, min: 0, validate: integer },
    /** The `wallet_states` version these copied balances come from. */
    version: { type: Number, required: true, default: 0, min: 0, validate: integer },
  },
  { collection: "wallets", timestamps: true, versionKey: false },
);

walletSchema.index({ userId: 1 }, { unique: true });

export type Wallet = InferSchemaType<typeof walletSchema>;
export const WalletModel = defineModel("Wallet", walletSchema);

const reservationSchema = new Schema(
  {
    reservationId: { type: String, required: true },
    tokens: { type: Number, required: true, min: 1, validate: integer },
    /**
     * After this the holder is presumed dead and the recovery job ends the reservation (see
     * expiredReservations). Null only on reservations made before expiry existed.
     */
    expiresAt: { type: Date, default: null },
  },
  { _id: false },
);

const walletStateSchema = new Schema(
  {
    _id: prefixedId("wst"),
    walletId: { type: String, required: true },
    userId: { type: Number, required: true, validate: integer },
    version: { type: Number, required: true, min: 1, validate: integer },
    /** What made this version: `txn:<transaction id>`, `reserve:<id>` or `release:<id>`. */
    changeKey: { type: String, required: true },
    balance: { type: Number, required: true, min: 0, validate: integer },
    tokenBalance: { type: Number, required: true, min: 0, validate: integer },
    reservations: { type: [reservationSchema], default: [] },
  },
  { collection: "wallet_states", timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

// Only one writer can create each version; also finds the head (highest version).
walletStateSchema.index({ walletId: 1, version: 1 }, { unique: true });
walletStateSchema.index({ changeKey: 1 }, { unique: true });
// The reservation recovery reads the recent states (a crash may have left the wallets copy behind).
walletStateSchema.index({ createdAt: 1 });

export type WalletState = InferSchemaType<typeof walletStateSchema>;
export const WalletStateModel = defineModel("WalletState", walletStateSchema);

export const TRANSACTION_TYPES = [
  "welcome_grant",
  "topup",
  "token_purchase",
  "chat_usage",
  "refund",
  "adjustment",
] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export const TRANSACTION_STATUSES = ["pending", "applied", "cancelled"] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

const transactionSchema = new Schema(
  {
    _id: prefixedId("txn"),
    userId: { type: Number, required: true, validate: integer },
    walletId: { type: String, required: true },
    type: { type: String, required: true, enum: TRANSACTION_TYPES },
    /** Change of the rupiah balance, negative when spent. */
    amount: { type: Number, required: true, default: 0, validate: integer },
    /** Change of the token balance, negative when spent. */
    tokenAmount: { type: Number, required: true, default: 0, validate: integer },
    description: { type: String, required: true },
    /** What caused the entry: a payment order id, a chat message id, a package id. */
    reference: { type: String, default: null },
    /** Required on every entry (e.g. `topup:<orderId>`), so one unique index needs no sparse option. */
    idempotencyKey: { type: String, required: true },
    /** `cancelled`: refused because a balance would have gone below zero; nothing changed. */
    status: { type: String, required: true, enum: TRANSACTION_STATUSES, default: "pending" },
    /** The reservation this entry settles (closes as it is applied); null for other entries. */
    reservationId: { type: String, default: null },
    /** Credited through the sandbox gateway (PAYMENT_GATEWAY=sandbox): test money, no real payment behind it. */
    testMoney: { type: Boolean, required: true, default: false },
    /** Balances right after this entry was applied; null while pending. */
    balanceAfter: { type: Number, default: null, min: 0, validate: integer },
    tokenBalanceAfter: { type: Number, default: null, min: 0, validate: integer },
  },
  { collection: "transactions", timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

transactionSchema.index({ userId: 1, createdAt: -1 });
transactionSchema.index({ idempotencyKey: 1 }, { unique: true });
transactionSchema.index({ walletId: 1, createdAt: -1 });
// The notification sweep's recent debits (low token balance, wallet/service.ts).
transactionSchema.index({ createdAt: 1 });
// The recovery job's scan for entries left pending by a crash (resumePendingEntries).
transactionSchema.index({ status: 1, createdAt: 1 });
// The recovery of an expired reservation finds its settlement, if one was begun.
transactionSchema.index({ reservationId: 1 });

export type Transaction = InferSchemaType<typeof transactionSchema>;
export const TransactionModel = defineModel("Transaction", transactionSchema);
