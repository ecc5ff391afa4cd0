import { z } from "zod";
import { NotFoundError } from "../../platform/errors.ts";
import { newestFirstPositionOf, newestFirstSort, olderThan, toPage, type NewestFirstCursor, type Page } from "../pagination.ts";
import { TRANSACTION_STATUSES, TRANSACTION_TYPES, TransactionModel } from "./wallet.model.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

export const historyFilters = {
  type: z.enum(TRANSACTION_TYPES).optional(),
  status: z.enum(TRANSACTION_STATUSES).optional(),
  /** "in": entries that added to a balance; "out": entries that took from one. */
  direction: z.enum(["in", "out"]).optional(),
};

export interface HistoryInput {
  userId: number;
  type?: (typeof TRANSACTION_TYPES)[number] | undefined;
  status?: (typeof TRANSACTION_STATUSES)[number] | undefined;
  direction?: "in" | "out" | undefined;
  cursor?: NewestFirstCursor | undefined;
  limit: number;
}

/** One ledger entry as its owner sees it; also the receipt. */
export interface LedgerItem {
  id: string;
  type: (typeof TRANSACTION_TYPES)[number];
  status: (typeof TRANSACTION_STATUSES)[number];
  amount: number;
  tokenAmount: number;
  description: string;
  reference: string | null;
  /** Credited through the sandbox gateway: test money. */
  testMoney: boolean;
  balanceAfter: number | null;
  tokenBalanceAfter: number | null;
  createdAt: Date;
}

function toItem(entry: {
  _id: string;
  type: LedgerItem["type"];
  status: LedgerItem["status"];
  amount: number;
  tokenAmount: number;
  description: string;
  reference?: string | null;
  testMoney?: boolean | null;
  balanceAfter?: number | null;
  tokenBalanceAfter?: number | null;
  createdAt: Date;
}): LedgerItem {
  return {
    id: entry._id,
    type: entry.type,
    status: entry.status,
    amount: entry.amount,
    tokenAmount: entry.tokenAmount,
    description: entry.description,
    reference: entry.reference ?? null,
    // Entries written before the field existed read as false (their order's gateway tells).
    testMoney: entry.testMoney ?? false,
    balanceAfter: entry.balanceAfter ?? null,
    tokenBalanceAfter: entry.tokenBalanceAfter ?? null,
    createdAt: entry.createdAt,
  };
}

const DIRECTION_FILTERS = {
  in: { $or: [{ amount: { $gt: 0 } }, { tokenAmount: { $gt: 0 } }] },
  out: { $or: [{ amount: { $lt: 0 } }, { tokenAmount: { $lt: 0 } }] },
};

/** The user's ledger, newest first, one page at a time; only their own entries. */
export async function listLedger(input: HistoryInput): Promise<Page<LedgerItem>> {
  const conditions: object[] = [{ userId: input.userId }];
  if (input.type) conditions.push({ type: input.type });
  if (input.status) conditions.push({ status: input.status });
  if (input.direction) conditions.push(DIRECTION_FILTERS[input.direction]);
  if (input.cursor) conditions.push(olderThan(input.cursor));
  const rows = await TransactionModel.find({ $and: conditions }).sort(newestFirstSort).limit(input.limit + 1).lean();
  return toPage(rows, input.limit, toItem, newestFirstPositionOf);
}

/** One of the user's ledger entries (its receipt); NotFoundError when it is missing or someone else's. */
export async function getLedgerEntry(userId: number, id: string): Promise<LedgerItem> {
  const entry = await TransactionModel.findOne({ _id: id, userId }).lean();
  if (!entry) throw new NotFoundError(m.error_wallet_entryNotFound());
  return toItem(entry);
}
