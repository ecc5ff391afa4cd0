import { Schema, type InferSchemaType } from "mongoose";
import { defineModel, integer, prefixedId } from "../../platform/db/mongo-schema.ts";

export const PAYMENT_ORDER_KINDS = ["topup", "package"] as const;
export const PAYMENT_ORDER_STATUSES = ["pending", "success", "failed", "expired"] as const;
export type PaymentOrderStatus = (typeof PAYMENT_ORDER_STATUSES)[number];
export const PAYMENT_GATEWAYS = ["sandbox", "midtrans"] as const;

/** A payment through the Midtrans-compatible gateway: a rupiah top-up or a token package paid directly. */
const paymentOrderSchema = new Schema(
  {
    _id: prefixedId("pay"),
    /** The order_id sent to the gateway and echoed by its notifications. */
    orderId: { type: String, required: true },
    userId: { type: Number, required: true, validate: integer },
    kind: { type: String, required: true, enum: PAYMENT_ORDER_KINDS },
    /** The token package bought, for kind "package". */
    packageId: { type: String, default: null },
    /** Rupiah; a notification whose gross_amount differs is rejected. */
    grossAmount: { type: Number, required: true, min: 1, validate: integer },
    currency: { type: String, required: true, enum: ["IDR"], default: "IDR" },
    /** Tokens credited on success, for kind "package". */
    tokenAmount: { type: Number, required: true, default: 0, min: 0, validate: integer },
    status: { type: String, required: true, enum: PAYMENT_ORDER_STATUSES, default: "pending" },
    gateway: { type: String, required: true, enum: PAYMENT_GATEWAYS },
    redirectUrl: { type: String, default: null },
    snapToken: { type: String, default: null },
    gatewayTransactionId: { type: String, default: null },
    /** The gateway's last transaction_status (capture, settlement, deny, ...), kept for support. */
    gatewayStatus: { type: String, default: null },
    paidAt: { type: Date, default: null },
    /** A pending order past this time is expired by the application (no TTL index on FerretDB). */
    expiresAt: { type: Date, required: true },
    /** Set once the wallet was credited; with the ledger's idempotency key it makes crediting once-only. */
    creditedAt: { type: Date, default: null },
    /** Notifications received for this order, duplicates included. */
    notificationCount: { type: Number, required: true, default: 0, min: 0, validate: integer },
  },
  { collection: "payment_orders", timestamps: true, versionKey: false },
);

paymentOrderSchema.index({ userId: 1, createdAt: -1 });
paymentOrderSchema.index({ orderId: 1 }, { unique: true });
// The expiry sweep: pending orders whose time is up.
paymentOrderSchema.index({ status: 1, expiresAt: 1 });

export type PaymentOrder = InferSchemaType<typeof paymentOrderSchema>;
export const PaymentOrderModel = defineModel("PaymentOrder", paymentOrderSchema);
