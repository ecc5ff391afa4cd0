import { randomBytes } from "node:crypto";
import express, { type Request, type Response, type Router } from "express";
import type { Logger } from "../platform/logger.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { notificationSignature } from "../modules/payment/service.ts";
import { asyncHandler } from "./async-handler.ts";

/*
 * The built-in sandbox gateway: the Snap API (`POST /snap/v1/transactions`) and a payment page
 * where the user approves or declines, after which a signed notification goes to the webhook
 * and the user back to the finish URL, as Midtrans does (server/modules/payment/midtrans.ts).
 * Anyone may call it, so it never sends anything elsewhere: notifications go to this very server
 * (the socket the Snap request arrived on), whatever X-Override-Notification says, and a finish
 * URL on another site becomes the wallet page. It opens a transaction only for a pending sandbox
 * order of that amount, and keeps it in memory (SandboxStore), bounded: a restart forgets unpaid
 * ones (their orders then expire).
 */

export interface SandboxTransaction {
  orderId: string;
  grossAmount: number;
  items: { name: string; price: number; quantity: number }[];
  notificationUrl: string;
  finishUrl: string;
  expiresAt: number;
}

/** Bounds of one transaction: what the payment page shows needs no more. */
export const SANDBOX_LIMITS = {
  maxEntries: 2_000,
  items: 10,
  itemName: 100,
  finishUrl: 1_000,
  /** Longest a transaction stays open, whatever expiry the Snap request asked for. */
  maxMinutes: 24 * 60,
} as const;

/**
 * The sandbox's open transactions by token: at most `maxEntries`, each of bounded size (so a few
 * megabytes at worst), one per order (a new one replaces the old), dropped once decided or expired.
 */
export class SandboxStore {
  readonly #entries = new Map<string, SandboxTransaction & { bytes: number }>();
  readonly #tokenOfOrder = new Map<string, string>();
  readonly #maxEntries: number;
  readonly #now: () => number;
  #bytes = 0;

  constructor(options: { maxEntries?: number; now?: () => number } = {}) {
    this.#maxEntries = options.maxEntries ?? SANDBOX_LIMITS.maxEntries;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** An estimate of the memory held by the entries (UTF-16 strings). */
  get bytes(): number {
    return this.#bytes;
  }

  /** Stores the transaction (truncated to SANDBOX_LIMITS); returns its new token. */
  add(transaction: SandboxTransaction): string {
    this.#sweep();
    const previous = this.#tokenOfOrder.get(transaction.orderId);
    if (previous) this.#delete(previous);
    while (this.#entries.size >= this.#maxEntries) this.#delete(this.#entries.keys().next().value!);
    const bounded: SandboxTransaction = {
      orderId: transaction.orderId,
      grossAmount: transaction.grossAmount,
      items: transaction.items.slice(0, SANDBOX_LIMITS.items).map((item) => ({ ...item, name: item.name.slice(0, SANDBOX_LIMITS.itemName) })),
      notificationUrl: transaction.notificationUrl,
      finishUrl: transaction.finishUrl.length <= SANDBOX_LIMITS.finishUrl ? transaction.finishUrl : "/",
      expiresAt: Math.min(transaction.expiresAt, this.#now() + SANDBOX_LIMITS.maxMinutes * 60_000),
    };
    const bytes = 2 * JSON.stringify(bounded).length + 200;
    const token = randomBytes(18).toString("base64url");
    this.#entries.set(token, { ...bounded, bytes });
    this.#tokenOfOrder.set(bounded.orderId, token);
    this.#bytes += bytes;
    return token;
  }

  /** The open transaction of `token`, if any. */
  open(token: string): SandboxTransaction | undefined {
    const entry = this.#entries.get(token);
    if (entry && entry.expiresAt <= this.#now()) {
      this.#delete(token);
      return undefined;
    }
    return entry;
  }

  /** Removes and returns the open transaction: it can be decided once. */
  take(token: string): SandboxTransaction | undefined {
    const entry = this.open(token);
    if (entry) this.#delete(token);
    return entry;
  }

  #delete(token: string) {
    const entry = this.#entries.get(token);
    if (!entry) return;
    this.#entries.delete(token);
    if (this.#tokenOfOrder.get(entry.orderId) === token) this.#tokenOfOrder.delete(entry.orderId);
    this.#bytes -= entry.bytes;
  }

  /** Drops expired entries; insertion order is creation order, but expiries differ, so all are looked at. */
  #sweep() {
    const now = this.#now();
    for (const [token, entry] of this.#entries) if (entry.expiresAt <= now) this.#delete(token);
  }
}

const rupiah = (amount: number) => `Rp ${amount.toLocaleString("id-ID")}`;
const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function sandboxGatewayRouter(options: {
  serverKey: string;
  notificationPath: string;
  publicOrigin: (req: Request) => string;
  /** Whether a pending sandbox order of this id and amount exists. */
  isOpenOrder: (orderId: string, grossAmount: number) => Promise<boolean>;
  logger: Logger;
  store?: SandboxStore;
}) {
  const transactions = options.store ?? new SandboxStore();
  const router: Router = express.Router();

  router.post("/snap/v1/transactions", express.json({ limit: "32kb" }), asyncHandler(async (req: Request, res: Response) => {
    const expectedAuth = `Basic ${Buffer.from(`${options.serverKey}:`).toString("base64")}`;
    if (req.get("authorization") !== expectedAuth) {
      res.status(401).json({ error_messages: ["Access denied due to unauthorized transaction, please check client or server key"] });
      return;
    }
    const body = req.body as {
      transaction_details?: { order_id?: unknown; gross_amount?: unknown };
      item_details?: { name?: unknown; price?: unknown; quantity?: unknown }[];
      callbacks?: { finish?: unknown };
      expiry?: { duration?: unknown };
    };
    const orderId = body.transaction_details?.order_id;
    const grossAmount = body.transaction_details?.gross_amount;
    if (typeof orderId !== "string" || !Number.isInteger(grossAmount) || (grossAmount as number) < 1) {
      res.status(400).json({ error_messages: ["transaction_details.order_id and a positive integer gross_amount are required"] });
      return;
    }
    let known: boolean;
    try {
      known = orderId.length <= 64 && (await options.isOpenOrder(orderId, grossAmount as number));
    } catch (error) {
      options.logger.error({ err: error }, "sandbox gateway could not look up the order");
      res.status(503).json({ error_messages: ["order lookup failed"] });
      return;
    }
    if (!known) {
      // Only the app's own pending sandbox orders get a payment page, so memory follows real orders.
      res.status(404).json({ error_messages: ["no pending sandbox order with this order_id and gross_amount"] });
      return;
    }
    const duration = Number(body.expiry?.duration) || 60;
    const items = Array.isArray(body.item_details) ? body.item_details.slice(0, SANDBOX_LIMITS.items) : [];
    const token = transactions.add({
      orderId,
      grossAmount: grossAmount as number,
      // Whatever the caller sent: a null or a string among the items is skipped, never thrown on.
      items: items
        .filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null)
        .map((item) => ({
          name: String(item.name ?? "").slice(0, SANDBOX_LIMITS.itemName),
          price: Number(item.price) || 0,
          quantity: Number(item.quantity) || 1,
        })),
      notificationUrl: `http://${hostOf(req.socket.localAddress)}:${req.socket.localPort}${options.notificationPath}`,
      finishUrl: typeof body.callbacks?.finish === "string" ? body.callbacks.finish : "/",
      expiresAt: Date.now() + Math.min(Math.max(duration, 1), SANDBOX_LIMITS.maxMinutes) * 60_000,
    });
    res.status(201).json({ token, redirect_url: `${options.publicOrigin(req)}/sandbox-gateway/pay/${token}` });
  }));

  router.get("/pay/:token", (req: Request<{ token: string }>, res: Response) => {
    const transaction = transactions.open(req.params.token);
    res.setHeader("Cache-Control", "no-store");
    // With helmet's no-referrer, Chromium posts the form with `Origin: null`, which the CSRF
    // check refuses; same-origin keeps the real Origin on this page's own form.
    res.setHeader("Referrer-Policy", "same-origin");
    if (!transaction) {
      res.status(404).type("html").send(page(m.sandbox_title({}, { locale: "id" }), `<p>${escapeHtml(m.sandbox_gone({}, { locale: "id" }))}</p>`));
      return;
    }
    const items = transaction.items
      .map((item) => `<li>${escapeHtml(item.name)} × ${item.quantity}: ${rupiah(item.price)}</li>`)
      .join("");
    res.type("html").send(
      page(
        m.sandbox_title({}, { locale: "id" }),
        `<p>${escapeHtml(m.sandbox_explain({}, { locale: "id" }))}</p>
<dl><dt>${escapeHtml(m.sandbox_order({}, { locale: "id" }))}</dt><dd>${escapeHtml(transaction.orderId)}</dd>
<dt>${escapeHtml(m.sandbox_amount({}, { locale: "id" }))}</dt><dd><strong>${rupiah(transaction.grossAmount)}</strong></dd></dl>
<ul>${items}</ul>
<form method="post">
<button name="decision" value="approve" class="approve">${escapeHtml(m.sandbox_approve({}, { locale: "id" }))}</button>
<button name="decision" value="decline" class="decline">${escapeHtml(m.sandbox_decline({}, { locale: "id" }))}</button>
</form>`,
      ),
    );
  });

  router.post(
    "/pay/:token",
    express.urlencoded({ extended: false, limit: "1kb" }),
    asyncHandler<{ token: string }>(async (req, res) => {
      // Taken out before the first await: of concurrent posts exactly one decides.
      const transaction = transactions.take(req.params.token);
      if (!transaction) {
        res.status(404).type("html").send(page(m.sandbox_title({}, { locale: "id" }), `<p>${escapeHtml(m.sandbox_gone({}, { locale: "id" }))}</p>`));
        return;
      }
      const approved = (req.body as { decision?: string }).decision === "approve";
      const notification = {
        transaction_time: new Date().toISOString().replace("T", " ").slice(0, 19),
        transaction_status: approved ? "settlement" : "deny",
        transaction_id: randomBytes(16).toString("hex"),
        status_code: approved ? "200" : "202",
        status_message: "sandbox notification",
        payment_type: "bank_transfer",
        order_id: transaction.orderId,
        gross_amount: `${transaction.grossAmount}.00`,
        currency: "IDR",
        fraud_status: "accept",
      };
      const signed = { ...notification, signature_key: notificationSignature(notification, options.serverKey) };
      try {
        const response = await fetch(transaction.notificationUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(signed),
          signal: AbortSignal.timeout(10_000),
        });
        if (!response.ok) options.logger.warn({ status: response.status, orderId: transaction.orderId }, "sandbox notification refused");
      } catch (error) {
        options.logger.warn({ err: error, orderId: transaction.orderId }, "sandbox notification not delivered");
      }
      const origin = options.publicOrigin(req);
      // The finish URL came from the caller: one that does not parse, or leaves the site, is the wallet page.
      let finish = URL.canParse(transaction.finishUrl, origin) ? new URL(transaction.finishUrl, origin) : new URL("/dompet", origin);
      if (finish.origin !== origin) finish = new URL("/dompet", origin);
      finish.searchParams.set("order_id", transaction.orderId);
      finish.searchParams.set("status_code", notification.status_code);
      finish.searchParams.set("transaction_status", notification.transaction_status);
      res.redirect(303, finish.href);
    }),
  );

  return router;
}

/** An address for a URL: IPv6 in brackets. */
function hostOf(address: string | undefined): string {
  if (!address) return "127.0.0.1";
  const plain = address.replace(/^::ffff:/, "");
  return plain.includes(":") ? `[${plain}]` : plain;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#0f172a}
h1{font-size:1.25rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dd{margin:0;overflow-wrap:anywhere}
form{display:flex;gap:.75rem;margin-top:1.5rem}
button{flex:1;padding:.75rem;border-radius:.5rem;border:0;font-size:1rem;cursor:pointer}
button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.approve{background:#15803d;color:#fff}.decline{background:#e2e8f0;color:#0f172a}
</style></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}
