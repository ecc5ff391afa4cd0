import { Webhook, WebhookVerificationError } from "standardwebhooks";

/*
 * How a receiver checks an Alephdraad webhook: the README ("Webhooks") quotes this file, and the
 * webhook tests run it against real deliveries. Standard Webhooks checks the signature
 * (HMAC-SHA256 of `webhook-id.webhook-timestamp.body` with the endpoint's secret) and refuses a
 * timestamp more than 5 minutes away; this adds the one thing a signature cannot: a delivery
 * replayed within those 5 minutes (the same webhook-id) is refused too.
 */

/** How long a seen webhook-id is remembered: longer than the library's 5-minute timestamp window. */
const REMEMBER_MS = 10 * 60_000;

/**
 * A verifier for one endpoint's secret (`whsec_...`). `verify(body, headers)` answers the parsed
 * event, or throws WebhookVerificationError. Pass the raw body (the exact bytes received, before
 * any JSON parsing). One process: ids live in memory; several: keep them in a shared store
 * (Redis SET NX with a 10-minute expiry) instead.
 */
export function createWebhookVerifier(secret: string, now: () => number = Date.now) {
  const webhook = new Webhook(secret);
  const seen = new Map<string, number>();
  return function verify(body: string | Buffer, headers: Record<string, string | string[] | undefined>): unknown {
    const header = (name: string) => {
      const value = headers[name];
      return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
    };
    const signed = { "webhook-id": header("webhook-id"), "webhook-timestamp": header("webhook-timestamp"), "webhook-signature": header("webhook-signature") };
    const event = webhook.verify(body, signed);
    const at = now();
    for (const [id, seenAt] of seen) if (at - seenAt > REMEMBER_MS) seen.delete(id);
    if (seen.has(signed["webhook-id"])) throw new WebhookVerificationError("Replayed webhook-id");
    seen.set(signed["webhook-id"], at);
    return event;
  };
}
