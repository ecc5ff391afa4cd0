import { Schema, type InferSchemaType } from "mongoose";
import { defineModel, integer, prefixedId } from "../../platform/db/mongo-schema.ts";

/*
 * A wallet and its ledger live in two collections and MongoDB offers no transaction across them
 * here (FerretDB has none), so a balance change is applied in steps that can be resumed after a
 * crash: insert the transaction as `pending` (its unique idempotencyKey stops a second copy),
 * apply it to the wallet with one guarded update that also pushes the transaction id onto
 * `pendingTransactions` (so a retry cannot apply it twice), mark the transaction `applied` with
 * the balances after it, then pull the id from the wallet. Applied transactions always sum to
 * the balances.
 */

const walletSchema = new Schema(
  {
    _id: prefixedId("wal"),
    userId: { type: Number, required: true, validate: integer },
    /** Rupiah. */
    balance: { type: Number, required: true, default: 0, min: 0, validate: integer },
    tokenBalance: { type: Number, required: true, default: 0, min: 0, validate: integer },
    /** Ids of transactions applied to the balances but not yet marked applied in the ledger. */
    pendingTransactions: { type: [String], default: [] },
  },
  { collection: "wallets", timestamps: true, versionKey: false },
);

walletSchema.index({ userId: 1 }, { unique: true });

export type Wallet = InferSchemaType<typeof walletSchema>;
export const WalletModel = defineModel("Wallet", walletSchema);

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
    /** `cancelled`: the guarded wallet update refused it (not enough balance). */
    status: { type: String, required: true, enum: TRANSACTION_STATUSES, default: "pending" },
    /** Balances right after this entry was applied; null while pending. */
    balanceAfter: { type: Number, default: null, min: 0, validate: integer },
    tokenBalanceAfter: { type: Number, default: null, min: 0, validate: integer },
  },
  { collection: "transactions", timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

transactionSchema.index({ userId: 1, createdAt: -1 });
transactionSchema.index({ idempotencyKey: 1 }, { unique: true });
transactionSchema.index({ walletId: 1, createdAt: -1 });
// The recovery job's scan for entries left pending by a crash.
transactionSchema.index({ status: 1, createdAt: 1 });

export type Transaction = InferSchemaType<typeof transactionSchema>;
export const TransactionModel = defineModel("Transaction", transactionSchema);
