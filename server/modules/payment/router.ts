import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { protectedProcedure, publicProcedure, router } from "../../trpc/init.ts";
import { cursorInput, newestFirstPosition, pageLimit } from "../pagination.ts";
import { PaymentGatewayError } from "./midtrans.ts";
import { PAYMENT_ORDER_STATUSES } from "./payment-order.model.ts";
import {
  PaymentRequestError,
  PaymentsOffError,
  createPaymentOrder,
  findOrder,
  listOrders,
  paymentAvailability,
} from "./service.ts";

const orderId = z.string().regex(/^[A-Za-z0-9_.~-]{1,50}$/, "ID pesanan tidak valid.");

export const paymentRouter = router({
  /** Whether top-ups and direct payments are on, and whether what they credit is test money. */
  availability: publicProcedure.query(({ ctx }) => paymentAvailability(ctx.env)),

  /** Starts a payment through the gateway: a rupiah top-up or a token package paid directly. */
  create: protectedProcedure
    .input(
      z.discriminatedUnion("kind", [
        z.object({ kind: z.literal("topup"), amount: z.number().int() }),
        z.object({ kind: z.literal("package"), packageId: z.string().max(40) }),
      ]),
    )
    .mutation(async ({ ctx, input }) => {
      try {
        return await createPaymentOrder(ctx, {
          user: ctx.user,
          request: input,
          publicOrigin: ctx.publicOrigin,
        });
      } catch (error) {
        if (error instanceof PaymentsOffError) throw new TRPCError({ code: "PRECONDITION_FAILED", message: error.message });
        if (error instanceof PaymentRequestError) throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
        if (error instanceof PaymentGatewayError) {
          ctx.logger.error({ err: error }, "payment gateway failed");
          throw new TRPCError({
            code: "BAD_GATEWAY",
            message: "Gateway pembayaran sedang tidak bisa dihubungi. Silakan coba lagi sebentar lagi.",
          });
        }
        throw error;
      }
    }),

  /** The caller's payment orders, newest first. */
  list: protectedProcedure
    .input(
      z.object({ status: z.enum(PAYMENT_ORDER_STATUSES).optional(), cursor: cursorInput(newestFirstPosition).optional(), limit: pageLimit }),
    )
    .query(({ ctx, input }) => listOrders({ ...input, userId: ctx.user.id })),

  /** One of the caller's orders (e.g. the one the payment page sent them back from). */
  get: protectedProcedure.input(z.object({ orderId })).query(async ({ ctx, input }) => {
    const order = await findOrder(ctx.user.id, input.orderId);
    if (!order) throw new TRPCError({ code: "NOT_FOUND", message: "Pesanan tidak ditemukan." });
    return order;
  }),
});
