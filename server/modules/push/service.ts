import { isIP } from "node:net";
import type { Prisma } from "../../platform/db/postgres.ts";
import type { Env } from "../../platform/env.ts";
import { InvalidError } from "../../platform/errors.ts";
import type { Logger } from "../../platform/logger.ts";
import type { Metrics } from "../../platform/metrics.ts";
import { isPrivateAddress, type PushSender } from "../../platform/push.ts";
import type { SubscribeInput } from "./schemas.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/** Browsers one member may receive pushes on; a new one beyond it replaces their oldest. */
export const MAX_SUBSCRIPTIONS_PER_MEMBER = 10;

const MAX_USER_AGENT = 256;
const MAX_TITLE = 120;
const MAX_BODY = 300;
const MAX_TAG = 64;
const MAX_URL = 1000;
/** Where a notification without a usable link opens. */
const FALLBACK_URL = "/notifikasi";

export interface PushMessage {
  title: string;
  body: string;
  /** Relative to the site (/t/12/judul#balasan-3); anything else opens FALLBACK_URL. */
  url: string;
  /** A notification with the same tag replaces the earlier one on the device. */
  tag: string;
}

export interface PushDeps {
  prisma: Prisma;
  push: PushSender;
  metrics: Pick<Metrics, "countPush">;
  logger: Logger;
}

const badEndpoint = () => new InvalidError(m.error_push_endpointInvalid());

/**
 * Push services are https on public hosts; a member must not make the server post to its own
 * network (SSRF). Loopback is allowed outside production for a push service on this machine.
 * Names are checked again when they resolve (server/platform/push.ts).
 */
export function checkEndpoint(endpoint: string, nodeEnv: Env["NODE_ENV"]): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw badEndpoint();
  }
  // [::1] -> ::1; a trailing dot (localhost.) names the same host.
  const host = url.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "");
  const loopback = host === "localhost" || host === "127.0.0.1" || host === "::1";
  if (url.protocol !== "https:" || url.username || url.password) throw badEndpoint();
  if (nodeEnv === "production" && (loopback || host.endsWith(".localhost") || (isIP(host) && isPrivateAddress(host)))) throw badEndpoint();
}

/** How many browsers the member receives pushes on. */
export async function pushStatus({ prisma }: { prisma: Prisma }, userId: number): Promise<{ subscriptions: number }> {
  return { subscriptions: await prisma.pushSubscription.count({ where: { userId } }) };
}

/**
 * Keeps this browser's subscription for the member. An endpoint another member subscribed moves
 * to the caller (one device, whoever signed in last gets its notifications); the member's row is
 * locked first, so concurrent subscribes cannot leave more than MAX_SUBSCRIPTIONS_PER_MEMBER.
 */
export async function subscribe(
  deps: { prisma: Prisma; env: Pick<Env, "NODE_ENV"> },
  userId: number,
  input: SubscribeInput,
  userAgent: string | null,
): Promise<{ subscriptions: number }> {
  // Kept as the browser wrote it: unsubscribe names it the same way.
  const { endpoint } = input;
  checkEndpoint(endpoint, deps.env.NODE_ENV);
  const fields = { userId, p256dh: input.keys.p256dh, auth: input.keys.auth, userAgent: (userAgent ?? "").slice(0, MAX_USER_AGENT) };
  return deps.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "users" WHERE "id" = ${userId} FOR NO KEY UPDATE`;
    // New keys for a known endpoint start its record afresh: it is a new subscription.
    await tx.pushSubscription.upsert({
      where: { endpoint },
      create: { endpoint, ...fields },
      update: { ...fields, createdAt: new Date(), lastSuccessAt: null, failures: 0 },
    });
    const surplus = await tx.pushSubscription.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: MAX_SUBSCRIPTIONS_PER_MEMBER,
      select: { id: true },
    });
    if (surplus.length) await tx.pushSubscription.deleteMany({ where: { id: { in: surplus.map((row) => row.id) } } });
    return { subscriptions: await tx.pushSubscription.count({ where: { userId } }) };
  });
}

/**
 * Stops pushes to this browser. Only the caller's own: another member's endpoint, or one already
 * gone, is left as it is and answered the same way (nothing tells whether it exists).
 */
export async function unsubscribe({ prisma }: { prisma: Prisma }, userId: number, endpoint: string): Promise<{ subscriptions: number }> {
  await prisma.pushSubscription.deleteMany({ where: { userId, endpoint } });
  return pushStatus({ prisma }, userId);
}

/** Only a path on this site: a payload must never send the device to another origin. */
function sameSiteUrl(url: string): string {
  // Printable ASCII only (a link is percent-encoded): its JSON is then no longer than itself.
  if (!/^\/[\x21-\x7e]*$/.test(url) || /["\\]/.test(url) || url.startsWith("//") || url.length > MAX_URL) return FALLBACK_URL;
  try {
    // And the URL parser agrees that it stays on the site.
    return new URL(url, "https://x.invalid").origin === "https://x.invalid" ? url : FALLBACK_URL;
  } catch {
    return FALLBACK_URL;
  }
}

/**
 * The JSON public/sw-push.js shows. A push service takes at most 4096 bytes, 3993 of them payload:
 * the url (1000) plus title, body and tag escaped at 6 bytes a character (\u0001) still fit.
 */
export function pushPayload(message: PushMessage): string {
  return JSON.stringify({
    title: message.title.slice(0, MAX_TITLE),
    body: message.body.slice(0, MAX_BODY),
    url: sameSiteUrl(message.url),
    tag: message.tag.slice(0, MAX_TAG),
  });
}

/**
 * Sends the message to every browser the member subscribed, in parallel. A subscription the push
 * service says is gone (404/410) is removed; any other failure is counted on it. One bad
 * subscription never fails the others, nor the caller.
 */
export async function sendPushToMember(deps: PushDeps, userId: number, message: PushMessage): Promise<void> {
  const { prisma, push, metrics, logger } = deps;
  const subscriptions = await prisma.pushSubscription.findMany({
    where: { userId },
    select: { id: true, endpoint: true, p256dh: true, auth: true },
  });
  if (subscriptions.length === 0) return;
  const payload = pushPayload(message);
  await Promise.all(
    subscriptions.map(async (subscription) => {
      const delivery = await push.send({ endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } }, payload);
      metrics.countPush(delivery.outcome);
      // Matched on the keys too: a browser that subscribed again meanwhile keeps its new record.
      const sameSubscription = { id: subscription.id, p256dh: subscription.p256dh, auth: subscription.auth };
      try {
        if (delivery.outcome === "sent") {
          await prisma.pushSubscription.updateMany({ where: sameSubscription, data: { lastSuccessAt: new Date(), failures: 0 } });
        } else if (delivery.outcome === "gone") {
          await prisma.pushSubscription.deleteMany({ where: sameSubscription });
        } else {
          logger.warn({ subscriptionId: subscription.id, status: delivery.status, error: delivery.error }, "web push failed");
          await prisma.pushSubscription.updateMany({ where: sameSubscription, data: { failures: { increment: 1 } } });
        }
      } catch (error) {
        logger.error({ err: error, subscriptionId: subscription.id }, "web push bookkeeping failed");
      }
    }),
  );
}
