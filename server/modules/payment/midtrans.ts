import { createHash, timingSafeEqual } from "node:crypto";
import { UpstreamFailedError } from "../../platform/errors.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/*
 * The Midtrans Snap protocol: creating a transaction (the payment page URL for the user) and the
 * signature of the HTTP notifications it sends back. Spoken alike to Midtrans and to the
 * built-in sandbox gateway (./sandbox-gateway.ts).
 */

export const MIDTRANS_SNAP_URLS = {
  sandbox: "https://app.sandbox.midtrans.com",
  production: "https://app.midtrans.com",
} as const;

export interface SnapGateway {
  /** Origin (and path prefix) under which `/snap/v1/transactions` lives. */
  baseUrl: string;
  serverKey: string;
}

export interface SnapTransactionRequest {
  orderId: string;
  /** Rupiah, whole. */
  grossAmount: number;
  customer: { firstName: string; email: string };
  items: { id: string; name: string; price: number; quantity: number }[];
  /** Where the payment page sends the user back to. */
  finishUrl: string;
  /** Where notifications for this transaction go (Midtrans' X-Override-Notification). */
  notificationUrl: string;
  expiryMinutes: number;
}

export interface SnapTransaction {
  token: string;
  redirectUrl: string;
}

/**
 * The gateway could not be reached or refused to create the transaction (BAD_GATEWAY). The person
 * reads the message; what went wrong is in `detail` (logged, never sent).
 */
export class PaymentGatewayError extends UpstreamFailedError {
  constructor(
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(m.error_payment_gatewayUnreachable(), options);
  }
}

const TIMEOUT_MS = 10_000;

/** POST /snap/v1/transactions: the Snap token and the URL of the payment page. */
export async function createSnapTransaction(
  gateway: SnapGateway,
  request: SnapTransactionRequest,
): Promise<SnapTransaction> {
  const body = {
    transaction_details: { order_id: request.orderId, gross_amount: request.grossAmount },
    customer_details: { first_name: request.customer.firstName, email: request.customer.email },
    item_details: request.items,
    callbacks: { finish: request.finishUrl },
    expiry: { unit: "minutes", duration: request.expiryMinutes },
  };
  let response: Response;
  try {
    response = await fetch(`${gateway.baseUrl.replace(/\/$/, "")}/snap/v1/transactions`, {
      method: "POST",
      headers: {
        accept: "application/json",
        "content-type": "application/json",
        authorization: `Basic ${Buffer.from(`${gateway.serverKey}:`).toString("base64")}`,
        "x-override-notification": request.notificationUrl,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new PaymentGatewayError(`Payment gateway unreachable: ${(error as Error).message}`, { cause: error });
  }
  const text = await response.text();
  let json: { token?: unknown; redirect_url?: unknown; error_messages?: unknown } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // Reported below with the status.
  }
  if (!response.ok || typeof json.token !== "string" || typeof json.redirect_url !== "string") {
    const detail = Array.isArray(json.error_messages) ? json.error_messages.join("; ") : text.slice(0, 200);
    throw new PaymentGatewayError(`Payment gateway answered ${response.status}: ${detail}`);
  }
  return { token: json.token, redirectUrl: json.redirect_url };
}

/** signature_key of a notification: SHA-512 of order_id + status_code + gross_amount + server key. */
export function notificationSignature(
  notification: { order_id: string; status_code: string; gross_amount: string },
  serverKey: string,
): string {
  return createHash("sha512")
    .update(notification.order_id + notification.status_code + notification.gross_amount + serverKey)
    .digest("hex");
}

export function isSignatureValid(
  notification: { order_id: string; status_code: string; gross_amount: string; signature_key: string },
  serverKey: string,
): boolean {
  const expected = Buffer.from(notificationSignature(notification, serverKey), "hex");
  const given = Buffer.from(notification.signature_key, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export type NotificationOutcome = "success" | "pending" | "failed" | "expired";

/*
 * The status_code Midtrans pairs with each transaction_status. Only order_id, status_code and
 * gross_amount are signed, so the status_code is the one signed word about what happened: a
 * transaction_status (or fraud_status) that does not go with it was rewritten after signing.
 * `null`: a genuine status we do not act on (refunds, chargebacks, a card authorisation).
 */
const STATUS_CODES: Record<string, { codes: readonly string[]; outcome: NotificationOutcome | null }> = {
  settlement: { codes: ["200"], outcome: "success" },
  pending: { codes: ["201"], outcome: "pending" },
  deny: { codes: ["202"], outcome: "failed" },
  cancel: { codes: ["200", "202"], outcome: "failed" },
  failure: { codes: ["202"], outcome: "failed" },
  // 202 in notifications, 407 in the answer of the expire API (sometimes forwarded as is).
  expire: { codes: ["202", "407"], outcome: "expired" },
  authorize: { codes: ["200"], outcome: null },
  refund: { codes: ["200"], outcome: null },
  partial_refund: { codes: ["200"], outcome: null },
  chargeback: { codes: ["200"], outcome: null },
  partial_chargeback: { codes: ["200"], outcome: null },
};

/**
 * Our order status for a notification's transaction_status, fraud_status and signed status_code:
 * an outcome, `null` for a genuine status we do not act on, or "mismatch" when the status does
 * not go with the status code (or is unknown): such a notification must be refused.
 */
export function orderStatusOf(
  transactionStatus: string,
  statusCode: string,
  fraudStatus?: string,
): NotificationOutcome | null | "mismatch" {
  if (transactionStatus === "capture") {
    // A card capture: 200 when accepted by fraud detection, 201 while flagged for review (not money yet).
    if ((fraudStatus === undefined || fraudStatus === "accept") && statusCode === "200") return "success";
    if (fraudStatus === "challenge" && statusCode === "201") return "pending";
    return "mismatch";
  }
  const pair = Object.hasOwn(STATUS_CODES, transactionStatus) ? STATUS_CODES[transactionStatus] : undefined;
  if (!pair || !pair.codes.includes(statusCode)) return "mismatch";
  return pair.outcome;
}
