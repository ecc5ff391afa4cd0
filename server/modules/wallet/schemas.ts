import { z } from "zod";
import { pageOutput } from "../pagination.ts";
import { TRANSACTION_STATUSES, TRANSACTION_TYPES } from "./wallet.model.ts";

/** Both balances of a member's wallet (WalletBalances), as an output schema. */
export const walletOutput = z.object({
  walletId: z.string(),
  userId: z.number().int(),
  balance: z.number().meta({ description: "Rupiah." }),
  tokenBalance: z.number(),
  reservedTokens: z.number().meta({ description: "Tokens held by answers in progress." }),
  availableTokens: z.number().meta({ description: "tokenBalance - reservedTokens." }),
});

/** One ledger entry (LedgerItem). */
export const ledgerItemOutput = z.object({
  id: z.string(),
  type: z.enum(TRANSACTION_TYPES),
  status: z.enum(TRANSACTION_STATUSES),
  amount: z.number(),
  tokenAmount: z.number(),
  description: z.string(),
  reference: z.string().nullable(),
  testMoney: z.boolean().meta({ description: "Credited through the sandbox gateway: test money." }),
  balanceAfter: z.number().nullable(),
  tokenBalanceAfter: z.number().nullable(),
  createdAt: z.date(),
});

export const ledgerPageOutput = pageOutput(ledgerItemOutput);
