import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { adminProcedure, protectedProcedure, publicProcedure, router } from "../../trpc/init.ts";
import { cursorInput, newestFirstPosition, pageLimit } from "../pagination.ts";
import { documentId } from "../schemas.ts";
import { findLedgerEntry, historyFilters, listLedger } from "./history.ts";
import { findTokenPackage, tokenPackages } from "./packages.ts";
import {
  InsufficientBalanceError,
  InsufficientTokensError,
  ReservationError,
  buyPackageWithBalance,
  checkWalletLedger,
  findLedgerMismatches,
  getWallet,
} from "./service.ts";

/**
 * The wallet service's refusals as tRPC errors a person understands; anything else is rethrown.
 * For callers of reserveTokens/settleReservation too (the Aleph chat).
 */
export function walletErrorToTRPC(error: unknown): never {
  if (error instanceof InsufficientTokensError) {
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: `Token tidak cukup: perlu ${error.needed}, tersedia ${error.available}. Beli paket token di halaman Dompet.`,
      cause: error,
    });
  }
  if (error instanceof InsufficientBalanceError) {
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: `Saldo tidak cukup: perlu Rp ${error.needed.toLocaleString("id-ID")}, tersedia Rp ${error.available.toLocaleString("id-ID")}. Isi saldo terlebih dahulu.`,
      cause: error,
    });
  }
  if (error instanceof ReservationError) throw new TRPCError({ code: "CONFLICT", message: error.message, cause: error });
  throw error;
}

export const transactionId = documentId("txn", "ID transaksi tidak valid.");

export const walletRouter = router({
  /** Both balances of the caller's wallet (created with the welcome grant on first use). */
  get: protectedProcedure.query(({ ctx }) => getWallet(ctx, ctx.user.id)),

  packages: publicProcedure.query(({ ctx }) => tokenPackages(ctx.env)),

  /** Buys a package with the rupiah balance; `requestKey` (made once per purchase) makes retries safe. */
  buyPackage: protectedProcedure
    .input(z.object({ packageId: z.string().max(40), requestKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) }))
    .mutation(async ({ ctx, input }) => {
      const tokenPackage = findTokenPackage(ctx.env, input.packageId);
      if (!tokenPackage) throw new TRPCError({ code: "NOT_FOUND", message: "Paket token tidak ditemukan." });
      try {
        const entry = await buyPackageWithBalance(ctx, { userId: ctx.user.id, tokenPackage, requestKey: input.requestKey });
        return { transactionId: entry._id, wallet: await getWallet(ctx, ctx.user.id) };
      } catch (error) {
        walletErrorToTRPC(error);
      }
    }),

  /** The caller's ledger, newest first, filterable. */
  history: protectedProcedure
    .input(z.object({ ...historyFilters, cursor: cursorInput(newestFirstPosition).optional(), limit: pageLimit }))
    .query(({ ctx, input }) => listLedger({ ...input, userId: ctx.user.id })),

  /** The receipt of one of the caller's ledger entries. */
  transaction: protectedProcedure.input(z.object({ id: transactionId })).query(async ({ ctx, input }) => {
    const entry = await findLedgerEntry(ctx.user.id, input.id);
    if (!entry) throw new TRPCError({ code: "NOT_FOUND", message: "Transaksi tidak ditemukan." });
    return entry;
  }),

  /** Proof that the caller's balances equal the sum of their ledger. */
  ledgerCheck: protectedProcedure.query(async ({ ctx }) => {
    const wallet = await getWallet(ctx, ctx.user.id);
    return (await checkWalletLedger(wallet.walletId))!;
  }),

  /** Every wallet whose balances differ from its ledger. */
  ledgerMismatches: adminProcedure.query(() => findLedgerMismatches()),
});
