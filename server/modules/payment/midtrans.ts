import { createHash, timingSafeEqual } from "node:crypto";

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

export class PaymentGatewayError extends Error {
  override name = "PaymentGatewayError";
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

/** Our order status for a Midtrans transaction_status (null: one we do not act on, e.g. refund). */
export function orderStatusOf(transactionStatus: string, fraudStatus?: string): "success" | "pending" | "failed" | "expired" | null {
  switch (transactionStatus) {
    case "capture":
      // A card capture flagged for review is not money yet.
      return fraudStatus === "challenge" ? "pending" : "success";
    case "settlement":
      return "success";
    case "pending":
      return "pending";
    case "deny":
    case "cancel":
    case "failure":
      return "failed";
    case "expire":
      return "expired";
    default:
      return null;
  }
}
