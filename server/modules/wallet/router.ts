import { z } from "zod";
import { adminProcedure, protectedProcedure, publicProcedure, router } from "../../trpc/init.ts";
import { cursorInput, newestFirstPosition, pageLimit } from "../pagination.ts";
import { documentId } from "../schemas.ts";
import { getLedgerEntry, historyFilters, listLedger } from "./history.ts";
import { getWalletForAdmin, listWalletsForAdmin, walletId, walletLedgerForAdmin, walletLedgerInput, walletListInput } from "./admin.ts";
import { tokenPackages, tokenPackageSchema } from "./packages.ts";
import { ledgerItemOutput, ledgerPageOutput, walletOutput } from "./schemas.ts";
import { buyPackage, checkOwnLedger, findLedgerMismatches, getWallet } from "./service.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

const transactionId = documentId("txn", () => m.input_wallet_entryIdInvalid());

export const walletRouter = router({
  /** Both balances of the caller's wallet (created with the welcome grant on first use). */
  get: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/api/v1/wallet", tags: ["wallet"], summary: "Your rupiah and token balances" } })
    .output(walletOutput)
    .query(({ ctx }) => getWallet(ctx, ctx.user.id)),

  packages: publicProcedure
    .meta({ openapi: { method: "GET", path: "/api/v1/wallet/packages", tags: ["wallet"], summary: "The token packages on sale", protect: false } })
    .output(z.array(tokenPackageSchema))
    .query(({ ctx }) => tokenPackages(ctx.env)),

  /** Buys a package with the rupiah balance; `requestKey` (made once per purchase) makes retries safe. */
  buyPackage: protectedProcedure
    .input(z.object({ packageId: z.string().max(40), requestKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) }))
    .mutation(({ ctx, input }) => buyPackage(ctx, { userId: ctx.user.id, ...input })),

  /** The caller's ledger, newest first, filterable. */
  history: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/api/v1/wallet/transactions", tags: ["wallet"], summary: "Your ledger, newest first" } })
    .output(ledgerPageOutput)
    .input(z.object({ ...historyFilters, cursor: cursorInput(newestFirstPosition).optional(), limit: pageLimit }))
    .query(({ ctx, input }) => listLedger({ ...input, userId: ctx.user.id })),

  /** The receipt of one of the caller's ledger entries. */
  transaction: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/api/v1/wallet/transactions/{id}", tags: ["wallet"], summary: "The receipt of one of your ledger entries" } })
    .output(ledgerItemOutput)
    .input(z.object({ id: transactionId }))
    .query(({ ctx, input }) => getLedgerEntry(ctx.user.id, input.id)),

  /** Proof that the caller's balances equal the sum of their ledger. */
  ledgerCheck: protectedProcedure.query(({ ctx }) => checkOwnLedger(ctx, ctx.user.id)),
});

/** admin.wallets: every member's wallet with its ledger check, read-only. */
export const walletAdminRouter = router({
  /** Wallets newest first, optionally by username prefix, each with its ledger check. */
  list: adminProcedure.input(walletListInput).query(({ ctx, input }) => listWalletsForAdmin(ctx, input)),

  get: adminProcedure.input(z.object({ walletId })).query(({ ctx, input }) => getWalletForAdmin(ctx, input.walletId)),

  /** A wallet's ledger entries, newest first. */
  ledger: adminProcedure.input(walletLedgerInput).query(({ input }) => walletLedgerForAdmin(input)),

  /** Every wallet whose balances differ from its ledger. */
  mismatches: adminProcedure.query(() => findLedgerMismatches()),
});
