import { z } from "zod";
import { pageOutput } from "../pagination.ts";
import { PAYMENT_ORDER_STATUSES } from "./payment-order.model.ts";
import type { OrderRequest } from "./service.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/** A payment order (OrderView), as an output schema. */
export const paymentOrderOutput = z.object({
  orderId: z.string(),
  kind: z.enum(["topup", "package"]),
  packageId: z.string().nullable(),
  grossAmount: z.number().meta({ description: "Rupiah." }),
  tokenAmount: z.number(),
  status: z.enum(PAYMENT_ORDER_STATUSES),
  redirectUrl: z.string().nullable().meta({ description: "Where the member pays." }),
  createdAt: z.date(),
  paidAt: z.date().nullable(),
  expiresAt: z.date(),
});

export const paymentOrderPageOutput = pageOutput(paymentOrderOutput);

export const paymentAvailabilityOutput = z.object({
  gateway: z.enum(["sandbox", "midtrans", "off"]),
  testMoney: z.boolean(),
});

/**
 * What to pay for: a rupiah top-up (`amount`) or a token package (`packageId`). One object with
 * `kind` rather than a union of two, so REST can document and send it as a plain JSON body.
 */
export const paymentRequestInput = z
  .object({
    kind: z.enum(["topup", "package"], { error: () => m.input_payment_kindUnknown() }),
    amount: z.number().int().optional().meta({ description: "Rupiah, for a top-up." }),
    packageId: z.string().max(40).optional().meta({ description: "A token package's id, for kind=package." }),
  })
  .transform((value, ctx): OrderRequest => {
    if (value.kind === "topup" && value.amount !== undefined) return { kind: "topup", amount: value.amount };
    if (value.kind === "package" && value.packageId !== undefined) return { kind: "package", packageId: value.packageId };
    const field = value.kind === "topup" ? "amount" : "packageId";
    ctx.addIssue({ code: "custom", path: [field], message: value.kind === "topup" ? m.input_payment_amountRequired() : m.input_payment_packageRequired() });
    return z.NEVER;
  });
