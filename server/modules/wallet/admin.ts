import { z } from "zod";
import type { Prisma } from "../../platform/db/postgres.ts";
import { NotFoundError } from "../../platform/errors.ts";
import { cursorInput, newestFirstPosition, pageLimit, toPage, type Page } from "../pagination.ts";
import { documentId } from "../schemas.ts";
import { memberIdsByUsernamePrefix, usernamesOf } from "../user/directory.ts";
import { listLedger, type LedgerItem } from "./history.ts";
import { checkWalletLedger, type LedgerCheck } from "./service.ts";
import { TransactionModel, WalletModel } from "./wallet.model.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/*
 * Wallets as staff see them (admin.wallets.*): read-only. Each row carries its ledger check (the
 * applied entries sum to the balances), computed when asked, never stored.
 */

export const walletId = documentId("wal", () => m.input_wallet_idInvalid());

export const walletListInput = z.object({
  username: z.string().trim().max(64, { error: () => m.input_usernameTooLong() }).default(""),
  cursor: cursorInput(z.object({ id: z.string().max(40) })).optional(),
  limit: pageLimit,
});

export const walletLedgerInput = z.object({ walletId, cursor: cursorInput(newestFirstPosition).optional(), limit: pageLimit });

export interface AdminWallet extends LedgerCheck {
  username: string | null;
  reservedTokens: number;
}

// A username search names at most this many members' wallets (a prefix such as "a" could match thousands).
const MAX_SEARCHED_MEMBERS = 200;

async function withChecks(prisma: Prisma, wallets: { _id: string; userId: number; reservedTokens: number }[]): Promise<AdminWallet[]> {
  const [checks, usernames] = await Promise.all([
    Promise.all(wallets.map((wallet) => checkWalletLedger(wallet._id))),
    usernamesOf({ prisma }, wallets.map((wallet) => wallet.userId)),
  ]);
  return wallets.flatMap((wallet, i) => {
    const check = checks[i];
    return check ? [{ ...check, username: usernames.get(wallet.userId) ?? null, reservedTokens: wallet.reservedTokens }] : [];
  });
}

/** Wallets, newest first (by id), optionally of members whose username starts with `username`. */
export async function listWalletsForAdmin({ prisma }: { prisma: Prisma }, input: z.output<typeof walletListInput>): Promise<Page<AdminWallet>> {
  const conditions: object[] = [];
  if (input.username) conditions.push({ userId: { $in: await memberIdsByUsernamePrefix({ prisma }, input.username, MAX_SEARCHED_MEMBERS) } });
  if (input.cursor) conditions.push({ _id: { $lt: input.cursor.id } });
  const rows = await WalletModel.find(conditions.length ? { $and: conditions } : {}, { _id: 1, userId: 1, reservedTokens: 1 })
    .sort({ _id: -1 })
    .limit(input.limit + 1)
    .lean();
  const page = toPage(rows, input.limit, (row) => row, (row) => ({ id: row._id }));
  return { items: await withChecks(prisma, page.items), nextCursor: page.nextCursor };
}

const walletNotFound = () => new NotFoundError(m.error_wallet_notFound());

/** One wallet with its ledger check; NotFoundError when there is none. */
export async function getWalletForAdmin({ prisma }: { prisma: Prisma }, id: string): Promise<AdminWallet> {
  const wallet = await WalletModel.findById(id, { _id: 1, userId: 1, reservedTokens: 1 }).lean();
  if (!wallet) throw walletNotFound();
  const [row] = await withChecks(prisma, [wallet]);
  if (!row) throw walletNotFound();
  return row;
}

/** A wallet's ledger entries, newest first, every status. */
export async function walletLedgerForAdmin(input: z.output<typeof walletLedgerInput>): Promise<Page<LedgerItem>> {
  const wallet = await WalletModel.findById(input.walletId, { userId: 1 }).lean();
  if (!wallet) throw walletNotFound();
  return listLedger({ userId: wallet.userId, cursor: input.cursor, limit: input.limit });
}

/** Tokens charged for Aleph's answers (applied chat_usage entries) since `since`, per day as `dayOf` names days. */
export async function tokensSpentByDay(since: Date, dayOf: (at: Date) => string): Promise<Map<string, number>> {
  const days = new Map<string, number>();
  const entries = TransactionModel.find({ status: "applied", createdAt: { $gte: since }, type: "chat_usage" }, { createdAt: 1, tokenAmount: 1 }).lean().cursor();
  for await (const entry of entries) {
    const day = dayOf(entry.createdAt);
    days.set(day, (days.get(day) ?? 0) - entry.tokenAmount);
  }
  return days;
}
