import { randomBytes } from "node:crypto";
import dns from "node:dns/promises";
import { Webhook } from "standardwebhooks";
import type { Env } from "../../platform/env.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { ConflictError, InvalidError, NotFoundError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { enqueueJob } from "../../platform/jobs.ts";
import type { Logger } from "../../platform/logger.ts";
import type { Mailer } from "../../platform/mailer.ts";
import { toPage } from "../pagination.ts";
import { recordStaffAction, type AdminActor } from "../staff-log/service.ts";
import { EVENTS_OF_SCOPE, type WebhookEventType, type WebhookScope } from "./events.ts";
import { canManageEndpoint, checkTargetUrl, hostOf, isRefusedAddress } from "./policies.ts";
import { attemptDelivery } from "./sender.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";
import { DEFAULT_LOCALE, intlLocale, isLocale } from "../../../shared/locale.ts";

/*
 * Webhook endpoints and their deliveries. A member manages endpoints for their own events
 * (`webhook.*`), the admins the forum's (`admin.webhooks.*`, each change in the staff log). Events
 * become deliveries in fanout.ts; each delivery is sent by the `webhook_deliver` job, retried on
 * its own schedule (RETRY_DELAYS_MS) until it succeeds or runs out of attempts. An endpoint whose
 * attempts keep failing for DISABLE_AFTER_MS is turned off and its owner told.
 */

export const WEBHOOK_DELIVER_TASK = "webhook_deliver";

/** Endpoints one member may have, and the forum. */
export const MAX_MEMBER_ENDPOINTS = 10;
export const MAX_FORUM_ENDPOINTS = 25;

/** The wait after each failed attempt (Standard Webhooks' suggested schedule): 8 attempts over about 28 hours. */
export const RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** An endpoint is turned off once this many attempts in a row failed over at least this long. */
export const DISABLE_AFTER_FAILURES = 8;
export const DISABLE_AFTER_MS = 24 * 3_600_000;

/** After a rotation, deliveries are signed with the old secret too for this long. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 3_600_000;

/** Deadline of one attempt, connection to last byte read. */
export const ATTEMPT_TIMEOUT_MS = 10_000;

export interface WebhookDeps {
  prisma: Prisma;
  env: Pick<Env, "WEBHOOK_ALLOW_LOOPBACK">;
}

export interface DeliveryDeps extends WebhookDeps {
  mailer: Pick<Mailer, "send">;
  logger: Pick<Logger, "warn">;
  publicOrigin: string;
  /** Tests shorten these. */
  retryDelaysMs?: number[];
  timeoutMs?: number;
}

/** Who is acting: a member on their own endpoints, or an admin on the forum's. */
export type WebhookOwner = { scope: "member"; userId: number } | { scope: "forum"; admin: AdminActor };

const endpointSummary = {
  id: true,
  scope: true,
  url: true,
  description: true,
  events: true,
  isEnabled: true,
  disabledAt: true,
  disabledReason: true,
  consecutiveFailures: true,
  failingSince: true,
  createdAt: true,
  secret: true,
} as const;

type EndpointRow = { secret: string } & Record<string, unknown>;

/** The secret never leaves again after it is shown: only its start, to tell secrets apart. */
function summary<T extends EndpointRow>(row: T): Omit<T, "secret"> & { secretHint: string } {
  const { secret, ...rest } = row;
  return { ...rest, secretHint: `${secret.slice(0, 10)}…` };
}

const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

const notFound = () => new NotFoundError(m.error_webhook_notFound());

const ownerWhere = (owner: WebhookOwner) => (owner.scope === "member" ? { scope: "member", userId: owner.userId } : { scope: "forum" });

/** The endpoint, if this owner may manage it (another member's is as good as missing). */
async function findManaged(prisma: Prisma, owner: WebhookOwner, id: number) {
  const endpoint = await prisma.webhookEndpoint.findUnique({ where: { id } });
  if (!endpoint) throw notFound();
  const allowed = owner.scope === "member" ? canManageEndpoint(endpoint, owner.userId) : endpoint.scope === "forum";
  if (!allowed) throw notFound();
  return endpoint;
}

function checkEvents(scope: WebhookScope, events: string[]) {
  const allowed = EVENTS_OF_SCOPE[scope];
  const refused = events.filter((event) => !allowed.includes(event as WebhookEventType));
  if (refused.length) {
    throw new InvalidError(
      m.error_webhook_eventsUnavailable({ scope: scope === "member" ? m.error_webhook_scope_member() : m.error_webhook_scope_forum(), events: refused.join(", ") }),
    );
  }
}

/**
 * The URL, checked by its text and by what its name resolves to now (the sender checks again
 * at every connection: a name can be pointed inside later).
 */
async function checkTarget(deps: WebhookDeps, raw: string): Promise<string> {
  const url = checkTargetUrl(raw, deps.env.WEBHOOK_ALLOW_LOOPBACK);
  let addresses: { address: string }[];
  try {
    addresses = await dns.lookup(hostOf(url), { all: true });
  } catch {
    throw new InvalidError(m.error_webhook_hostUnresolved());
  }
  if (addresses.some((entry) => isRefusedAddress(entry.address, deps.env.WEBHOOK_ALLOW_LOOPBACK))) {
    throw new InvalidError(m.error_webhook_hostPrivate());
  }
  return url.toString();
}

const logged = (row: { url: string; events: string[]; description: string; isEnabled: boolean }) => ({
  url: row.url,
  events: row.events,
  description: row.description,
  isEnabled: row.isEnabled,
});

export async function listEndpoints({ prisma }: WebhookDeps, owner: WebhookOwner) {
  const rows = await prisma.webhookEndpoint.findMany({ where: ownerWhere(owner), select: endpointSummary, orderBy: { id: "desc" } });
  return rows.map(summary);
}

/** A new endpoint; its secret is answered in clear this once (and at each rotation). */
export async function createEndpoint(deps: WebhookDeps, owner: WebhookOwner, input: { url: string; description: string; events: string[] }) {
  checkEvents(owner.scope, input.events);
  const url = await checkTarget(deps, input.url);
  const limit = owner.scope === "member" ? MAX_MEMBER_ENDPOINTS : MAX_FORUM_ENDPOINTS;
  const secret = newSecret();
  const created = await deps.prisma.$transaction(async (tx) => {
    // The owner's endpoints counted under a lock (the member's row, or any forum row), so concurrent creations cannot pass the limit.
    if (owner.scope === "member") await tx.$queryRaw`SELECT id FROM users WHERE id = ${owner.userId} FOR UPDATE`;
    else await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('webhook_forum_endpoints'))`;
    if ((await tx.webhookEndpoint.count({ where: ownerWhere(owner) })) >= limit) {
      throw new InvalidError(m.error_webhook_tooMany({ max: limit }));
    }
    const row = await tx.webhookEndpoint.create({
      data: { scope: owner.scope, userId: owner.scope === "member" ? owner.userId : null, url, description: input.description, events: input.events, secret },
      select: endpointSummary,
    });
    if (owner.scope === "forum") {
      await recordStaffAction(tx, owner.admin, { action: "webhook.create", targetType: "webhook", targetId: row.id, after: logged(row) });
    }
    return row;
  });
  return { ...summary(created), secret };
}

export async function updateEndpoint(
  deps: WebhookDeps,
  owner: WebhookOwner,
  input: { id: number; url?: string | undefined; description?: string | undefined; events?: string[] | undefined; enabled?: boolean | undefined },
) {
  const before = await findManaged(deps.prisma, owner, input.id);
  if (input.events) checkEvents(owner.scope, input.events);
  const url = input.url === undefined ? undefined : await checkTarget(deps, input.url);
  const enabling = input.enabled === true && !before.isEnabled;
  const updated = await deps.prisma.$transaction(async (tx) => {
    const row = await tx.webhookEndpoint.update({
      where: { id: input.id },
      data: {
        ...(url !== undefined ? { url } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.events ? { events: input.events } : {}),
        ...(enabling ? { isEnabled: true, disabledAt: null, disabledReason: null, consecutiveFailures: 0, failingSince: null } : {}),
        ...(input.enabled === false && before.isEnabled ? { isEnabled: false, disabledAt: new Date(), disabledReason: "owner" } : {}),
      },
      select: endpointSummary,
    });
    if (owner.scope === "forum") {
      await recordStaffAction(tx, owner.admin, { action: "webhook.update", targetType: "webhook", targetId: row.id, before: logged(before), after: logged(row) });
    }
    return row;
  });
  return summary(updated);
}

export async function deleteEndpoint({ prisma }: WebhookDeps, owner: WebhookOwner, id: number) {
  const before = await findManaged(prisma, owner, id);
  await prisma.$transaction(async (tx) => {
    // Scoped, so of two concurrent deletions only one counts (and logs).
    const { count } = await tx.webhookEndpoint.deleteMany({ where: { id, ...ownerWhere(owner) } });
    if (count === 0) throw notFound();
    if (owner.scope === "forum") {
      await recordStaffAction(tx, owner.admin, { action: "webhook.delete", targetType: "webhook", targetId: id, before: logged(before) });
    }
  });
  return { id };
}

/**
 * A new secret, answered in clear this once; the old one keeps signing beside it (a second
 * signature in webhook-signature) for PREVIOUS_SECRET_GRACE_MS, so a receiver can switch over.
 */
export async function rotateSecret({ prisma }: WebhookDeps, owner: WebhookOwner, id: number, now = new Date()) {
  const before = await findManaged(prisma, owner, id);
  const secret = newSecret();
  const updated = await prisma.$transaction(async (tx) => {
    const row = await tx.webhookEndpoint.update({
      where: { id },
      data: { secret, previousSecret: before.secret, previousSecretUntil: new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS) },
      select: endpointSummary,
    });
    if (owner.scope === "forum") await recordStaffAction(tx, owner.admin, { action: "webhook.rotate_secret", targetType: "webhook", targetId: id });
    return row;
  });
  return { ...summary(updated), secret };
}

const deliverySummary = {
  id: true,
  messageId: true,
  eventType: true,
  status: true,
  attempts: true,
  lastStatusCode: true,
  lastDurationMs: true,
  lastError: true,
  lastResponse: true,
  lastAttemptAt: true,
  nextAttemptAt: true,
  createdAt: true,
} as const;

/** An endpoint's delivery log, newest first, by keyset on the id. */
export async function listDeliveries(
  { prisma }: WebhookDeps,
  owner: WebhookOwner,
  input: { endpointId: number; cursor?: { id: string } | undefined; limit: number },
) {
  await findManaged(prisma, owner, input.endpointId);
  const rows = await prisma.webhookDelivery.findMany({
    where: { endpointId: input.endpointId, ...(input.cursor ? { id: { lt: BigInt(input.cursor.id) } } : {}) },
    select: deliverySummary,
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  return toPage(rows, input.limit, (row) => ({ ...row, id: row.id.toString(), maxAttempts: MAX_ATTEMPTS }), (row) => ({ id: row.id.toString() }));
}

/**
 * Sends a delivery again now, with its same webhook-id (a receiver that already handled it
 * skips it) and a fresh set of attempts. The endpoint must be on.
 */
export async function redeliver({ prisma }: WebhookDeps, owner: WebhookOwner, id: string) {
  const delivery = await prisma.webhookDelivery.findUnique({ where: { id: BigInt(id) }, select: { endpointId: true } });
  if (!delivery) throw new NotFoundError(m.error_webhook_deliveryNotFound());
  const endpoint = await findManaged(prisma, owner, delivery.endpointId).catch(() => {
    throw new NotFoundError(m.error_webhook_deliveryNotFound());
  });
  if (!endpoint.isEnabled) throw new ConflictError(m.error_webhook_disabled());
  await prisma.$transaction(async (tx) => {
    await tx.webhookDelivery.update({ where: { id: BigInt(id) }, data: { status: "pending", attempts: 0, nextAttemptAt: new Date() } });
    await enqueueDelivery(tx, BigInt(id), new Date());
    if (owner.scope === "forum") await recordStaffAction(tx, owner.admin, { action: "webhook.redeliver", targetType: "webhook_delivery", targetId: id });
  });
  return { id };
}

type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/** Queues the delivery's next attempt; one pending job per delivery. */
export async function enqueueDelivery(tx: Pick<Prisma, "$executeRaw">, deliveryId: bigint, runAt: Date) {
  await enqueueJob(tx, WEBHOOK_DELIVER_TASK, { deliveryId: deliveryId.toString() }, { jobKey: `${WEBHOOK_DELIVER_TASK}:${deliveryId}`, runAt, maxAttempts: 5 });
}

/** The webhook-signature header: the current secret's signature, and the previous one's while it is still honoured. */
export function signatureHeader(endpoint: { secret: string; previousSecret: string | null; previousSecretUntil: Date | null }, messageId: string, at: Date, body: string): string {
  const signatures = [new Webhook(endpoint.secret).sign(messageId, at, body)];
  if (endpoint.previousSecret && endpoint.previousSecretUntil && endpoint.previousSecretUntil > at) {
    signatures.push(new Webhook(endpoint.previousSecret).sign(messageId, at, body));
  }
  return signatures.join(" ");
}

/**
 * One attempt of one delivery (the `webhook_deliver` job). The delivery is claimed first, so two
 * jobs for it (a redelivery while a retry runs) never send at once; an attempt that crashed
 * releases its claim when it times out. Answers what happened, for tests and logs.
 */
export async function deliverOnce(deps: DeliveryDeps, deliveryId: bigint, now = new Date()): Promise<"sent" | "retry" | "failed" | "skipped"> {
  const timeoutMs = deps.timeoutMs ?? ATTEMPT_TIMEOUT_MS;
  const { count } = await deps.prisma.webhookDelivery.updateMany({
    where: {
      id: deliveryId,
      status: "pending",
      AND: [
        { OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
        { OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: new Date(now.getTime() + 1_000) } }] },
      ],
    },
    data: { lockedUntil: new Date(now.getTime() + timeoutMs + 30_000) },
  });
  if (count === 0) return "skipped";
  const delivery = await deps.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId }, include: { endpoint: true } });
  const { endpoint } = delivery;
  if (!endpoint.isEnabled) {
    await deps.prisma.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: "failed", lockedUntil: null, nextAttemptAt: null, lastError: "Endpoint nonaktif: tidak dikirim." },
    });
    return "failed";
  }
  const result = await attemptDelivery({
    url: endpoint.url,
    body: delivery.body,
    headers: {
      "webhook-id": delivery.messageId,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": signatureHeader(endpoint, delivery.messageId, now, delivery.body),
    },
    timeoutMs,
    allowLoopback: deps.env.WEBHOOK_ALLOW_LOOPBACK,
  });
  const attempts = delivery.attempts + 1;
  const last = {
    attempts,
    lastStatusCode: result.status,
    lastDurationMs: result.durationMs,
    lastError: result.error,
    lastResponse: result.response,
    lastAttemptAt: now,
    lockedUntil: null,
  };
  if (result.ok) {
    await deps.prisma.$transaction([
      deps.prisma.webhookDelivery.update({ where: { id: deliveryId }, data: { ...last, status: "succeeded", nextAttemptAt: null } }),
      deps.prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { consecutiveFailures: 0, failingSince: null } }),
    ]);
    return "sent";
  }
  const delays = deps.retryDelaysMs ?? RETRY_DELAYS_MS;
  const retryAt = attempts <= delays.length ? new Date(now.getTime() + delays[attempts - 1]!) : null;
  const disabled = await deps.prisma.$transaction(async (tx) => {
    await tx.webhookDelivery.update({ where: { id: deliveryId }, data: { ...last, status: retryAt ? "pending" : "failed", nextAttemptAt: retryAt } });
    if (retryAt) await enqueueDelivery(tx, deliveryId, retryAt);
    return countFailure(tx, endpoint.id, now);
  });
  if (disabled) await tellOwner(deps, disabled);
  return retryAt ? "retry" : "failed";
}

/**
 * Adds a failed attempt to the endpoint's run of failures; turns the endpoint off when the run is
 * long enough (DISABLE_AFTER_*). Answers the endpoint when this very call turned it off, so its
 * owner is told once however many attempts fail at the same moment.
 */
async function countFailure(tx: Tx, endpointId: number, now: Date) {
  const [row] = await tx.$queryRaw<{ consecutive_failures: number; failing_since: Date }[]>`
    UPDATE webhook_endpoints
    SET consecutive_failures = consecutive_failures + 1, failing_since = COALESCE(failing_since, ${now}), updated_at = ${now}
    WHERE id = ${endpointId}
    RETURNING consecutive_failures, failing_since`;
  if (!row || row.consecutive_failures < DISABLE_AFTER_FAILURES || now.getTime() - row.failing_since.getTime() < DISABLE_AFTER_MS) return null;
  const { count } = await tx.webhookEndpoint.updateMany({
    where: { id: endpointId, isEnabled: true },
    data: { isEnabled: false, disabledAt: now, disabledReason: "failures" },
  });
  if (count === 0) return null;
  return tx.webhookEndpoint.findUnique({
    where: { id: endpointId },
    select: { id: true, url: true, scope: true, consecutiveFailures: true, user: { select: { email: true, username: true, isVerified: true, locale: true } } },
  });
}

/**
 * A member is mailed, at a verified address only (as every notification mail: nobody is mailed
 * for an account someone else opened with their address); a forum endpoint shows as disabled on
 * the admin page (and in the log).
 */
async function tellOwner(
  deps: DeliveryDeps,
  endpoint: { id: number; url: string; scope: string; consecutiveFailures: number; user: { email: string; username: string; isVerified: boolean; locale: string } | null },
) {
  deps.logger.warn({ endpointId: endpoint.id, scope: endpoint.scope, failures: endpoint.consecutiveFailures }, "webhook endpoint disabled after repeated failures");
  if (!endpoint.user?.isVerified) return;
  // A delivery job has no request: the mail speaks the owner's stored language.
  const locale = { locale: isLocale(endpoint.user.locale) ? endpoint.user.locale : DEFAULT_LOCALE };
  const count = endpoint.consecutiveFailures.toLocaleString(intlLocale[locale.locale]);
  await deps.mailer.send({
    to: endpoint.user.email,
    subject: m.mail_webhookDisabled_subject({}, locale),
    text: [
      m.mail_hello({ username: endpoint.user.username }, locale),
      "",
      m.mail_webhookDisabled_failed({ url: endpoint.url, count, hours: DISABLE_AFTER_MS / 3_600_000 }, locale),
      m.mail_webhookDisabled_fix({ settingsUrl: `${deps.publicOrigin}/pengaturan/webhook` }, locale),
    ].join("\n"),
  });
}

/** A new delivery's webhook-id. */
export const newMessageId = () => newId("whm");
