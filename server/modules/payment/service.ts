import type { Prisma } from "../../platform/db/postgres.ts";
import type { Env } from "../../platform/env.ts";
import type { Logger } from "../../platform/logger.ts";
import { publicOriginString, type HeaderSource, type OriginEnv } from "../../platform/public-origin.ts";
import { newestFirstPositionOf, newestFirstSort, olderThan, toPage, type NewestFirstCursor, type Page } from "../pagination.ts";
import { recordSecurityEvent } from "../security/service.ts";
import { findTokenPackage } from "../wallet/packages.ts";
import { applyLedgerEntry } from "../wallet/service.ts";
import { TransactionModel } from "../wallet/wallet.model.ts";
import {
  MIDTRANS_SNAP_URLS,
  createSnapTransaction,
  isSignatureValid,
  orderStatusOf,
  type SnapGateway,
} from "./midtrans.ts";
import { PaymentOrderModel, type PaymentOrderStatus } from "./payment-order.model.ts";

export type PaymentEnv = Pick<
  Env,
  | "APP_URL"
  | "NODE_ENV"
  | "PORT"
  | "WALLET_WELCOME_TOKENS"
  | "MIDTRANS_SERVER_KEY"
  | "MIDTRANS_IS_PRODUCTION"
  | "PAYMENT_GATEWAY_URL"
  | "PAYMENT_ORDER_TTL_MINUTES"
  | "TOKEN_PACKAGES"
>;

export interface PaymentDeps {
  prisma: Prisma;
  env: PaymentEnv;
  logger: Logger;
}

/**
 * Server key of the built-in sandbox gateway. Public on purpose: the sandbox lets anyone approve
 * any payment anyway; configure MIDTRANS_SERVER_KEY for real money.
 */
export const SANDBOX_SERVER_KEY = "SB-Mid-server-alephdraad-sandbox";
export const NOTIFICATION_PATH = "/api/payments/notification";
export const SANDBOX_GATEWAY_PATH = "/sandbox-gateway";
export const TOPUP_LIMITS = { min: 10_000, max: 10_000_000 } as const;

export function isSandboxGateway(env: Pick<Env, "MIDTRANS_SERVER_KEY">): boolean {
  return !env.MIDTRANS_SERVER_KEY;
}

export function serverKeyOf(env: Pick<Env, "MIDTRANS_SERVER_KEY">): string {
  return env.MIDTRANS_SERVER_KEY ?? SANDBOX_SERVER_KEY;
}

/** Where Snap requests go: PAYMENT_GATEWAY_URL, else Midtrans with a key, else our own sandbox. */
export function snapGateway(env: PaymentEnv, publicOrigin: string): SnapGateway {
  const baseUrl =
    env.PAYMENT_GATEWAY_URL ??
    (env.MIDTRANS_SERVER_KEY
      ? MIDTRANS_SNAP_URLS[env.MIDTRANS_IS_PRODUCTION ? "production" : "sandbox"]
      : `${publicOrigin}${SANDBOX_GATEWAY_PATH}`);
  return { baseUrl, serverKey: serverKeyOf(env) };
}

/** The site's public origin, by the one rule of server/platform/public-origin.ts (never a foreign Host). */
export function publicOriginOf(env: OriginEnv, headers: HeaderSource) {
  return publicOriginString(env, headers);
}

export type OrderRequest = { kind: "topup"; amount: number } | { kind: "package"; packageId: string };

export class PaymentRequestError extends Error {
  override name = "PaymentRequestError";
}

/** A payment order as its owner sees it. */
export interface OrderView {
  orderId: string;
  kind: "topup" | "package";
  packageId: string | null;
  grossAmount: number;
  tokenAmount: number;
  status: PaymentOrderStatus;
  redirectUrl: string | null;
  createdAt: Date;
  paidAt: Date | null;
  expiresAt: Date;
}

function toView(order: {
  orderId: string;
  kind: "topup" | "package";
  packageId?: string | null;
  grossAmount: number;
  tokenAmount: number;
  status: PaymentOrderStatus;
  redirectUrl?: string | null;
  createdAt: Date;
  paidAt?: Date | null;
  expiresAt: Date;
}): OrderView {
  return {
    orderId: order.orderId,
    kind: order.kind,
    packageId: order.packageId ?? null,
    grossAmount: order.grossAmount,
    tokenAmount: order.tokenAmount,
    status: order.status,
    // Only a pending order's payment page is of any use.
    redirectUrl: order.status === "pending" ? (order.redirectUrl ?? null) : null,
    createdAt: order.createdAt,
    paidAt: order.paidAt ?? null,
    expiresAt: order.expiresAt,
  };
}

/**
 * Creates a pending order and its transaction at the gateway; the user pays on `redirectUrl`.
 * A gateway failure marks the order failed and throws PaymentGatewayError.
 */
export async function createPaymentOrder(
  deps: PaymentDeps,
  input: { user: { id: number; username: string; email: string }; request: OrderRequest; publicOrigin: string; now?: Date },
): Promise<OrderView> {
  const { env } = deps;
  let grossAmount: number;
  let tokenAmount = 0;
  let packageId: string | null = null;
  let itemName: string;
  if (input.request.kind === "topup") {
    grossAmount = input.request.amount;
    if (!Number.isInteger(grossAmount) || grossAmount < TOPUP_LIMITS.min || grossAmount > TOPUP_LIMITS.max) {
      throw new PaymentRequestError(
        `Jumlah top up harus antara Rp ${TOPUP_LIMITS.min.toLocaleString("id-ID")} dan Rp ${TOPUP_LIMITS.max.toLocaleString("id-ID")}.`,
      );
    }
    itemName = "Top up saldo Alephdraad";
  } else {
    const tokenPackage = findTokenPackage(env, input.request.packageId);
    if (!tokenPackage) throw new PaymentRequestError("Paket token tidak ditemukan.");
    grossAmount = tokenPackage.price;
    tokenAmount = tokenPackage.tokens;
    packageId = tokenPackage.id;
    itemName = `Paket token ${tokenPackage.name}`;
  }
  const now = input.now ?? new Date();
  const order = new PaymentOrderModel({
    userId: input.user.id,
    kind: input.request.kind,
    packageId,
    grossAmount,
    tokenAmount,
    gateway: isSandboxGateway(env) ? "sandbox" : "midtrans",
    expiresAt: new Date(now.getTime() + env.PAYMENT_ORDER_TTL_MINUTES * 60_000),
  });
  order.orderId = order._id;
  await order.save();
  try {
    const transaction = await createSnapTransaction(snapGateway(env, input.publicOrigin), {
      orderId: order.orderId,
      grossAmount,
      customer: { firstName: input.user.username, email: input.user.email },
      items: [{ id: packageId ?? "topup", name: itemName, price: grossAmount, quantity: 1 }],
      finishUrl: `${input.publicOrigin}/dompet?pesanan=${encodeURIComponent(order.orderId)}`,
      notificationUrl: `${input.publicOrigin}${NOTIFICATION_PATH}`,
      expiryMinutes: env.PAYMENT_ORDER_TTL_MINUTES,
    });
    order.snapToken = transaction.token;
    order.redirectUrl = transaction.redirectUrl;
    await order.save();
  } catch (error) {
    await PaymentOrderModel.updateOne({ _id: order._id }, { $set: { status: "failed", gatewayStatus: "create_failed" } });
    throw error;
  }
  return toView(order.toObject());
}

/** The user's payment orders, newest first. */
export async function listOrders(input: {
  userId: number;
  status?: PaymentOrderStatus | undefined;
  cursor?: NewestFirstCursor | undefined;
  limit: number;
}): Promise<Page<OrderView>> {
  const conditions: object[] = [{ userId: input.userId }];
  if (input.status) conditions.push({ status: input.status });
  if (input.cursor) conditions.push(olderThan(input.cursor));
  const rows = await PaymentOrderModel.find({ $and: conditions }).sort(newestFirstSort).limit(input.limit + 1).lean();
  return toPage(rows, input.limit, toView, newestFirstPositionOf);
}

/** One of the user's orders, or null when missing or someone else's. */
export async function findOrder(userId: number, orderId: string): Promise<OrderView | null> {
  const order = await PaymentOrderModel.findOne({ orderId, userId }).lean();
  return order && toView(order);
}

export interface NotificationOutcome {
  httpStatus: number;
  body: { status: string; message: string };
}

export interface NotificationSource {
  ipAddress: string | null;
  userAgent: string | null;
}

const FIELDS = ["order_id", "status_code", "gross_amount", "signature_key", "transaction_status"] as const;
const reply = (httpStatus: number, status: string, message: string): NotificationOutcome => ({
  httpStatus,
  body: { status, message },
});

const creditKeyOf = (orderId: string) => `payment:${orderId}`;

/**
 * One gateway notification: verified (signature, then amount and currency against the stored
 * order), then applied. A success credits the wallet under the idempotency key
 * `payment:<order id>`, so any number of copies, in any order, credit once; a success also wins
 * over an earlier failure or expiry (the money did arrive), while nothing moves a successful
 * order back. Refusals change nothing; forged ones are security events.
 */
export async function handleNotification(
  deps: PaymentDeps,
  payload: unknown,
  source: NotificationSource,
): Promise<NotificationOutcome> {
  const body = (payload ?? {}) as Record<string, unknown>;
  if (!FIELDS.every((field) => typeof body[field] === "string")) {
    return reply(400, "invalid", "Notifikasi tidak lengkap.");
  }
  const notification = body as Record<(typeof FIELDS)[number], string> & {
    currency?: unknown;
    fraud_status?: unknown;
    transaction_id?: unknown;
  };
  const order = await PaymentOrderModel.findOne({ orderId: notification.order_id }).lean();
  const refuse = async (reason: string, message: string) => {
    deps.logger.warn({ orderId: notification.order_id, reason }, "payment notification refused");
    await recordSecurityEvent(deps.prisma, {
      userId: order?.userId ?? null,
      eventType: "payment_signature_invalid",
      ipAddress: source.ipAddress,
      userAgent: source.userAgent,
      metadata: { orderId: notification.order_id.slice(0, 64), reason },
    });
    return reply(403, "refused", message);
  };
  if (!isSignatureValid(notification, serverKeyOf(deps.env))) return refuse("signature", "Tanda tangan tidak valid.");
  if (!order) {
    deps.logger.warn({ orderId: notification.order_id }, "payment notification for an unknown order");
    return reply(404, "unknown", "Pesanan tidak dikenal.");
  }
  const amount = Number(notification.gross_amount);
  if (!/^\d+(\.\d{1,2})?$/.test(notification.gross_amount) || amount !== order.grossAmount) {
    return refuse("amount", "Jumlah tidak cocok dengan pesanan.");
  }
  if (notification.currency !== undefined && notification.currency !== order.currency) {
    return refuse("currency", "Mata uang tidak cocok dengan pesanan.");
  }
  const status = orderStatusOf(
    notification.transaction_status,
    typeof notification.fraud_status === "string" ? notification.fraud_status : undefined,
  );
  // Counted on every verified copy; on FerretDB concurrent copies may be under-counted.
  await PaymentOrderModel.updateOne({ _id: order._id }, { $inc: { notificationCount: 1 } });
  if (status === null) return reply(200, "ignored", "Status tidak diproses.");

  if (status === "success") {
    await creditOrder(deps, order);
    await PaymentOrderModel.updateOne(
      { _id: order._id },
      {
        $set: {
          status: "success",
          gatewayStatus: notification.transaction_status,
          gatewayTransactionId: typeof notification.transaction_id === "string" ? notification.transaction_id : null,
          paidAt: order.paidAt ?? new Date(),
          creditedAt: order.creditedAt ?? new Date(),
        },
      },
    );
    return reply(200, "ok", "Pembayaran diterima.");
  }
  if (order.status !== "pending" || status === "pending") {
    return reply(200, "ignored", "Status pesanan tidak berubah.");
  }
  await settleUnpaid(order._id, order.orderId, status, notification.transaction_status);
  return reply(200, "ok", "Status pesanan diperbarui.");
}

async function creditOrder(
  deps: PaymentDeps,
  order: { orderId: string; userId: number; kind: "topup" | "package"; grossAmount: number; tokenAmount: number; packageId?: string | null },
) {
  const packageName = order.packageId ? (findTokenPackage(deps.env, order.packageId)?.name ?? order.packageId) : "";
  await applyLedgerEntry(deps, {
    userId: order.userId,
    type: order.kind === "topup" ? "topup" : "token_purchase",
    amount: order.kind === "topup" ? order.grossAmount : 0,
    tokenAmount: order.kind === "package" ? order.tokenAmount : 0,
    description:
      order.kind === "topup"
        ? `Top up saldo Rp ${order.grossAmount.toLocaleString("id-ID")}`
        : `Paket ${packageName} (dibayar langsung, Rp ${order.grossAmount.toLocaleString("id-ID")})`,
    reference: order.orderId,
    idempotencyKey: creditKeyOf(order.orderId),
  });
}

/**
 * Marks a pending order failed or expired. The status write is not atomic with the credit on
 * FerretDB, so a credit that landed meanwhile puts the order back to success.
 */
async function settleUnpaid(id: string, orderId: string, status: "failed" | "expired", gatewayStatus: string) {
  await PaymentOrderModel.updateOne({ _id: id, status: "pending" }, { $set: { status, gatewayStatus } });
  const credit = await TransactionModel.findOne({ idempotencyKey: creditKeyOf(orderId), status: "applied" }).lean();
  if (credit) {
    await PaymentOrderModel.updateOne(
      { _id: id },
      { $set: { status: "success", creditedAt: credit.createdAt, paidAt: credit.createdAt } },
    );
  }
}

/** Marks pending orders past their expiry as expired (the periodic job). Returns how many. */
export async function expirePendingOrders(now: Date): Promise<number> {
  const due = await PaymentOrderModel.find({ status: "pending", expiresAt: { $lt: now } }, { _id: 1, orderId: 1 }).lean();
  for (const order of due) await settleUnpaid(order._id, order.orderId, "expired", "expired_by_app");
  return due.length;
}
