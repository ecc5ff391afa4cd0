import type { Prisma } from "../../platform/db/postgres.ts";
import type { Env } from "../../platform/env.ts";
import { InvalidError, NotFoundError } from "../../platform/errors.ts";
import { currentLocale } from "../../platform/request-context.ts";
import { intlLocale } from "../../../shared/locale.ts";
import type { Logger } from "../../platform/logger.ts";
import { newestFirstPositionOf, newestFirstSort, olderThan, toPage, type NewestFirstCursor, type Page } from "../pagination.ts";
import { queueNotificationEvent } from "../notification/events.ts";
import { recordThrottledSecurityEvent, type SecurityEventThrottle } from "../security/throttle.ts";
import { findTokenPackage } from "../wallet/packages.ts";
import { appliedEntryTime, applyLedgerEntry, markLegacyTestMoney } from "../wallet/service.ts";
import {
  MIDTRANS_SNAP_URLS,
  PaymentGatewayError,
  createSnapTransaction,
  isSignatureValid,
  orderStatusOf,
  type SnapGateway,
} from "./midtrans.ts";
import { PaymentOrderModel, type PaymentOrderStatus } from "./payment-order.model.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

export type PaymentEnv = Pick<
  Env,
  | "NODE_ENV"
  | "PAYMENT_GATEWAY"
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
 * any payment anyway, so it is on only by choice (PAYMENT_GATEWAY) and what it credits is test money.
 */
export const SANDBOX_SERVER_KEY = "SB-Mid-server-alephdraad-sandbox";
export const NOTIFICATION_PATH = "/api/payments/notification";
export const SANDBOX_GATEWAY_PATH = "/sandbox-gateway";
export const TOPUP_LIMITS = { min: 10_000, max: 10_000_000 } as const;

export type PaymentGatewayMode = "sandbox" | "midtrans" | "off";
type GatewayEnv = Pick<Env, "NODE_ENV" | "PAYMENT_GATEWAY" | "MIDTRANS_SERVER_KEY">;

/**
 * Who takes payments. PAYMENT_GATEWAY when set (midtrans without its key is off, never the
 * sandbox); unset: Midtrans with a server key, else the sandbox outside production and nothing
 * in production, where a public key must never credit anyone.
 */
export function paymentGatewayOf(env: GatewayEnv): PaymentGatewayMode {
  switch (env.PAYMENT_GATEWAY) {
    case "sandbox":
    case "off":
      return env.PAYMENT_GATEWAY;
    case "midtrans":
      return env.MIDTRANS_SERVER_KEY ? "midtrans" : "off";
    default:
      if (env.MIDTRANS_SERVER_KEY) return "midtrans";
      return env.NODE_ENV === "production" ? "off" : "sandbox";
  }
}

/** Why payments are as they are, for the log line at start. */
export function paymentGatewayReason(env: GatewayEnv): string {
  const mode = paymentGatewayOf(env);
  if (mode === "sandbox") return "payments use the built-in sandbox gateway: everything it credits is test money";
  if (mode === "midtrans") return `payments go to Midtrans (${env.PAYMENT_GATEWAY ? "PAYMENT_GATEWAY=midtrans" : "MIDTRANS_SERVER_KEY is set"})`;
  if (env.PAYMENT_GATEWAY === "off") return "top-ups are off: PAYMENT_GATEWAY=off";
  if (env.PAYMENT_GATEWAY === "midtrans") return "top-ups are off: PAYMENT_GATEWAY=midtrans but MIDTRANS_SERVER_KEY is not set";
  return "top-ups are off: NODE_ENV=production with no MIDTRANS_SERVER_KEY; set PAYMENT_GATEWAY=sandbox to try payments with test money";
}

/** The key notifications are signed with; null while payments are off. */
export function serverKeyOf(env: GatewayEnv): string | null {
  const mode = paymentGatewayOf(env);
  if (mode === "sandbox") return SANDBOX_SERVER_KEY;
  return mode === "midtrans" ? env.MIDTRANS_SERVER_KEY! : null;
}

/** The key a notification about an order made with `gateway` must be signed with; null: none can be verified now. */
function serverKeyForOrder(env: GatewayEnv, gateway: string): string | null {
  if (gateway === "midtrans") return env.MIDTRANS_SERVER_KEY ?? null;
  return paymentGatewayOf(env) === "sandbox" ? SANDBOX_SERVER_KEY : null;
}

/** Where Snap requests go: PAYMENT_GATEWAY_URL, else Midtrans, else our own sandbox; null while off. */
export function snapGateway(env: PaymentEnv, publicOrigin: string): SnapGateway | null {
  const mode = paymentGatewayOf(env);
  const serverKey = serverKeyOf(env);
  if (mode === "off" || serverKey === null) return null;
  const baseUrl =
    env.PAYMENT_GATEWAY_URL ??
    (mode === "midtrans"
      ? MIDTRANS_SNAP_URLS[env.MIDTRANS_IS_PRODUCTION ? "production" : "sandbox"]
      : `${publicOrigin}${SANDBOX_GATEWAY_PATH}`);
  return { baseUrl, serverKey };
}

export type OrderRequest = { kind: "topup"; amount: number } | { kind: "package"; packageId: string };

/** How a notification is signed: for the sandbox gateway's notifications (server/http/sandbox-gateway.ts). */
export { notificationSignature } from "./midtrans.ts";

/** An order that cannot be made as asked (an amount out of range, an unknown package). */
export class PaymentRequestError extends InvalidError {}

/** Payments are switched off on this server (see paymentGatewayReason); an invalid request. */
export class PaymentsOffError extends PaymentRequestError {
  constructor() {
    super(m.error_payment_off());
  }
}

/** Whether the wallet page can offer top-ups and direct payments, and with which money. */
export function paymentAvailability(env: GatewayEnv): { gateway: PaymentGatewayMode; testMoney: boolean } {
  const gateway = paymentGatewayOf(env);
  return { gateway, testMoney: gateway === "sandbox" };
}

/** Whether the sandbox may open a payment page for this order: pending, made for the sandbox, same amount. */
export async function isOpenSandboxOrder(orderId: string, grossAmount: number): Promise<boolean> {
  const order = await PaymentOrderModel.findOne({ orderId, grossAmount, gateway: "sandbox", status: "pending" }, { _id: 1 }).lean();
  return order !== null;
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
 * A gateway failure marks the order failed, is logged, and throws PaymentGatewayError (BAD_GATEWAY).
 */
export async function createPaymentOrder(
  deps: PaymentDeps,
  input: { user: { id: number; username: string; email: string }; request: OrderRequest; publicOrigin: string; now?: Date },
): Promise<OrderView> {
  const { env } = deps;
  const gatewayMode = paymentGatewayOf(env);
  if (gatewayMode === "off") throw new PaymentsOffError();
  let grossAmount: number;
  let tokenAmount = 0;
  let packageId: string | null = null;
  let itemName: string;
  if (input.request.kind === "topup") {
    grossAmount = input.request.amount;
    if (!Number.isInteger(grossAmount) || grossAmount < TOPUP_LIMITS.min || grossAmount > TOPUP_LIMITS.max) {
      throw new PaymentRequestError(
        m.error_payment_topupRange({ min: TOPUP_LIMITS.min.toLocaleString(intlLocale[currentLocale()]), max: TOPUP_LIMITS.max.toLocaleString(intlLocale[currentLocale()]) }),
      );
    }
    itemName = "Top up saldo Alephdraad";
  } else {
    const tokenPackage = findTokenPackage(env, input.request.packageId);
    if (!tokenPackage) throw new PaymentRequestError(m.error_wallet_packageNotFound());
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
    gateway: gatewayMode,
    expiresAt: new Date(now.getTime() + env.PAYMENT_ORDER_TTL_MINUTES * 60_000),
  });
  order.orderId = order._id;
  await order.save();
  try {
    const transaction = await createSnapTransaction(snapGateway(env, input.publicOrigin)!, {
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
    if (error instanceof PaymentGatewayError) deps.logger.error({ err: error }, "payment gateway failed");
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

/** One of the user's orders; NotFoundError when it is missing or someone else's. */
export async function getOrder(userId: number, orderId: string): Promise<OrderView> {
  const order = await PaymentOrderModel.findOne({ orderId, userId }).lean();
  if (!order) throw new NotFoundError(m.error_payment_orderNotFound());
  return toView(order);
}

/**
 * What became of a notification; the HTTP adapter (server/http/payment-routes.ts) answers each
 * with its status. "ok": applied; "ignored": verified, nothing to change; "invalid": fields
 * missing; "off": payments are off, nothing verified; "refused": forged or not matching its
 * order (a security event); "unknown": signed, for an order this server never made.
 */
export type NotificationResult = "ok" | "ignored" | "invalid" | "off" | "refused" | "unknown";

export interface NotificationOutcome {
  outcome: NotificationResult;
  message: string;
}

export interface NotificationSource {
  ipAddress: string | null;
  userAgent: string | null;
}

const FIELDS = ["order_id", "status_code", "gross_amount", "signature_key", "transaction_status"] as const;
const reply = (outcome: NotificationResult, message: string): NotificationOutcome => ({ outcome, message });

const creditKeyOf = (orderId: string) => `payment:${orderId}`;

/**
 * One gateway notification: verified (signature, then amount and currency against the stored
 * order), then applied. A success credits the wallet under the idempotency key
 * `payment:<order id>`, so any number of copies, in any order, credit once; a success also wins
 * over an earlier failure or expiry (the money did arrive), while nothing moves a successful
 * order back. Refusals change nothing; forged ones are security events.
 */
export async function handleNotification(
  /** securityThrottle bounds the security_events rows forged notifications write. */
  deps: PaymentDeps & { securityThrottle: SecurityEventThrottle },
  payload: unknown,
  source: NotificationSource,
): Promise<NotificationOutcome> {
  const body = (payload ?? {}) as Record<string, unknown>;
  if (!FIELDS.every((field) => typeof body[field] === "string")) {
    return reply("invalid", "Notifikasi tidak lengkap.");
  }
  const notification = body as Record<(typeof FIELDS)[number], string> & {
    currency?: unknown;
    fraud_status?: unknown;
    transaction_id?: unknown;
  };
  const orderId = notification.order_id.slice(0, 64);
  const order = await PaymentOrderModel.findOne({ orderId: notification.order_id }).lean();
  // Verified with the key of the gateway the order was made with: a Midtrans order paid before the
  // operator switched to the sandbox (or off) is still credited, and the sandbox's public key
  // settles only sandbox orders, and only while the sandbox is on.
  const serverKey = order ? serverKeyForOrder(deps.env, order.gateway) : serverKeyOf(deps.env);
  if (serverKey === null) {
    // Nothing can be verified: nothing is credited, whoever signed it (the gateway retries later).
    deps.logger.warn({ orderId, reason: "payments_off" }, "payment notification refused");
    return reply("off", "Pembayaran sedang dinonaktifkan.");
  }
  const refuse = async (reason: string, message: string) => {
    const event = {
      userId: order?.userId ?? null,
      eventType: "payment_signature_invalid" as const,
      ipAddress: source.ipAddress,
      userAgent: source.userAgent,
      metadata: { orderId, reason },
    };
    const recorded = await recordThrottledSecurityEvent(deps.prisma, deps.securityThrottle, event);
    deps.logger.warn(
      { orderId, reason, statusCode: notification.status_code.slice(0, 8), transactionStatus: notification.transaction_status.slice(0, 32), recorded },
      "payment notification refused",
    );
    return reply("refused", message);
  };
  if (!isSignatureValid(notification, serverKey)) return refuse("signature", "Tanda tangan tidak valid.");
  if (!order) {
    deps.logger.warn({ orderId: notification.order_id }, "payment notification for an unknown order");
    return reply("unknown", "Pesanan tidak dikenal.");
  }
  const amount = Number(notification.gross_amount);
  if (!/^\d+(?:\.\d{1,2})?$/.test(notification.gross_amount) || amount !== order.grossAmount) {
    return refuse("amount", "Jumlah tidak cocok dengan pesanan.");
  }
  if (notification.currency !== undefined && notification.currency !== order.currency) {
    return refuse("currency", "Mata uang tidak cocok dengan pesanan.");
  }
  const status = orderStatusOf(
    notification.transaction_status,
    notification.status_code,
    typeof notification.fraud_status === "string" ? notification.fraud_status : undefined,
  );
  if (status === "mismatch") return refuse("status_code", "Status tidak cocok dengan kode status.");
  // Counted on every verified copy; on FerretDB concurrent copies may be under-counted.
  await PaymentOrderModel.updateOne({ _id: order._id }, { $inc: { notificationCount: 1 } });
  if (status === null) return reply("ignored", "Status tidak diproses.");

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
    // After the order reads as paid (the handler checks it). The member is told once (the
    // event's key); the gateway repeats a notification not answered with 200, so a crash before
    // this queues it on the next copy.
    await queueNotificationEvent(deps.prisma, { kind: "payment", ids: { orderId: order.orderId } });
    return reply("ok", "Pembayaran diterima.");
  }
  if (order.status !== "pending" || status === "pending") {
    return reply("ignored", "Status pesanan tidak berubah.");
  }
  await settleUnpaid(order._id, order.orderId, status, notification.transaction_status);
  return reply("ok", "Status pesanan diperbarui.");
}

async function creditOrder(
  deps: PaymentDeps,
  order: {
    orderId: string;
    userId: number;
    kind: "topup" | "package";
    grossAmount: number;
    tokenAmount: number;
    packageId?: string | null;
    gateway: "sandbox" | "midtrans";
  },
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
    // Decided by the order, not by today's configuration: sandbox money stays test money.
    testMoney: order.gateway === "sandbox",
  });
}

/**
 * Marks a pending order failed or expired. The status write is not atomic with the credit on
 * FerretDB, so a credit that landed meanwhile puts the order back to success.
 */
async function settleUnpaid(id: string, orderId: string, status: "failed" | "expired", gatewayStatus: string) {
  await PaymentOrderModel.updateOne({ _id: id, status: "pending" }, { $set: { status, gatewayStatus } });
  const creditedAt = await appliedEntryTime(creditKeyOf(orderId));
  if (creditedAt) {
    await PaymentOrderModel.updateOne({ _id: id }, { $set: { status: "success", creditedAt, paidAt: creditedAt } });
  }
}

/** Marks pending orders past their expiry as expired (the periodic job). Returns how many. */
export async function expirePendingOrders(now: Date): Promise<number> {
  const due = await PaymentOrderModel.find({ status: "pending", expiresAt: { $lt: now } }, { _id: 1, orderId: 1 }).lean();
  for (const order of due) await settleUnpaid(order._id, order.orderId, "expired", "expired_by_app");
  return due.length;
}

let legacyCreditsMarked = false;

/**
 * Marks ledger entries written before `testMoney` existed: an entry crediting a sandbox order
 * is test money, every other one is not. New entries always carry the field, so once a run
 * finds none left this process stops looking (run by the expiry job). Returns how many entries
 * were marked as test money.
 */
export async function markLegacySandboxCredits(): Promise<number> {
  if (legacyCreditsMarked) return 0;
  const orderIdOf = (key: string) => (key.startsWith("payment:") ? key.slice("payment:".length) : null);
  const marked = await markLegacyTestMoney(async (idempotencyKeys) => {
    const orderIds = idempotencyKeys.map(orderIdOf).filter((id) => id !== null);
    const sandbox = await PaymentOrderModel.find({ orderId: { $in: orderIds }, gateway: "sandbox" }, { orderId: 1 }).lean();
    return new Set(sandbox.map((order) => creditKeyOf(order.orderId)));
  });
  legacyCreditsMarked = true;
  return marked;
}

/** A credited order as its notification reads it; null while it is not (or no longer) paid. */
export async function findCreditedOrder(orderId: string): Promise<{ userId: number; kind: "topup" | "package"; grossAmount: number; tokenAmount: number } | null> {
  const order = await PaymentOrderModel.findOne({ orderId, status: "success" }, { userId: 1, kind: 1, grossAmount: 1, tokenAmount: 1 }).lean();
  return order ? { userId: order.userId, kind: order.kind as "topup" | "package", grossAmount: order.grossAmount, tokenAmount: order.tokenAmount } : null;
}
