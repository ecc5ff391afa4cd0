import { z } from "zod";
import { adminProcedure, protectedProcedure, publicProcedure, router } from "../../trpc/init.ts";
import { cursorInput, newestFirstPosition, pageLimit } from "../pagination.ts";
import { getOrderForAdmin, listOrdersForAdmin, paymentListInput, paymentOrderId } from "./admin.ts";
import { PAYMENT_ORDER_STATUSES } from "./payment-order.model.ts";
import { paymentAvailabilityOutput, paymentOrderOutput, paymentOrderPageOutput, paymentRequestInput } from "./schemas.ts";
import { createPaymentOrder, getOrder, listOrders, paymentAvailability } from "./service.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

const orderId = z.string().regex(/^[A-Za-z0-9_.~-]{1,50}$/, { error: () => m.input_payment_orderIdInvalid() });

export const paymentRouter = router({
  /** Whether top-ups and direct payments are on, and whether what they credit is test money. */
  availability: publicProcedure
    .meta({ openapi: { method: "GET", path: "/api/v1/payments/availability", tags: ["payments"], summary: "Whether payments are on, and whether they are test money", protect: false } })
    .output(paymentAvailabilityOutput)
    .query(({ ctx }) => paymentAvailability(ctx.env)),

  /** Starts a payment through the gateway: a rupiah top-up or a token package paid directly. */
  create: protectedProcedure
    .meta({ openapi: { method: "POST", path: "/api/v1/payments", tags: ["payments"], summary: "Start a payment: a top-up or a token package" } })
    .input(paymentRequestInput)
    .output(paymentOrderOutput)
    .mutation(({ ctx, input }) =>
      createPaymentOrder(ctx, { user: ctx.user, request: input, publicOrigin: ctx.publicOrigin }),
    ),

  /** The caller's payment orders, newest first. */
  list: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/api/v1/payments", tags: ["payments"], summary: "Your payment orders, newest first" } })
    .output(paymentOrderPageOutput)
    .input(
      z.object({ status: z.enum(PAYMENT_ORDER_STATUSES).optional(), cursor: cursorInput(newestFirstPosition).optional(), limit: pageLimit }),
    )
    .query(({ ctx, input }) => listOrders({ ...input, userId: ctx.user.id })),

  /** One of the caller's orders (e.g. the one the payment page sent them back from). */
  get: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/api/v1/payments/{orderId}", tags: ["payments"], summary: "One of your payment orders" } })
    .output(paymentOrderOutput)
    .input(z.object({ orderId })).query(({ ctx, input }) => getOrder(ctx.user.id, input.orderId)),
});

/** admin.payments: every member's payment orders, read-only. */
export const paymentAdminRouter = router({
  list: adminProcedure.input(paymentListInput).query(({ ctx, input }) => listOrdersForAdmin(ctx, input)),

  get: adminProcedure.input(paymentOrderId).query(({ ctx, input }) => getOrderForAdmin(ctx, input.orderId)),
});
