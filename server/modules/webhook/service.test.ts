import dns from "node:dns/promises";
import { hostname } from "node:os";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createWebhookVerifier } from "../../../shared/webhook-verifier.ts";
import { parseEnv } from "../../platform/env.ts";
import type { MailMessage } from "../../platform/mailer.ts";
import { createLogger } from "../../platform/logger.ts";
import { runDueJobs, type JobRegistry } from "../../platform/jobs.ts";
import { adminSessionHeaders } from "../../testing/admin.ts";
import { createForumTestDatabase, createTestAdmin, forumFixtures, testCaller, testRuntime } from "../../testing/forum.ts";
import { connectTestMongo, type TestMongo } from "../../testing/mongo.ts";
import { requestCallers } from "../../testing/request-caller.ts";
import { startWebhookReceiver } from "../../testing/webhook-receiver.ts";
import { createJobRegistry } from "../jobs.ts";
import { PaymentOrderModel } from "../payment/payment-order.model.ts";
import type { AdminActor } from "../staff-log/service.ts";
import { webhookPayloads } from "./events.ts";
import { fanOutEvent } from "./fanout.ts";
import { isLoopbackAddress } from "./policies.ts";
import { attemptDelivery, RESPONSE_READ_LIMIT } from "./sender.ts";
import { DISABLE_AFTER_FAILURES, DISABLE_AFTER_MS, deliverOnce, MAX_ATTEMPTS, RETRY_DELAYS_MS, type DeliveryDeps } from "./service.ts";

/*
 * Webhooks end to end against a real receiver on 127.0.0.1 (WEBHOOK_ALLOW_LOOPBACK=true): events
 * written through the router, fanned out and sent by the real job runner, signed deliveries
 * checked with the README's verifier (shared/webhook-verifier.ts).
 */

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: TestMongo;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let registry: JobRegistry;
let callers: ReturnType<typeof requestCallers>;
let strictCallers: ReturnType<typeof requestCallers>;
let admin: AdminActor;
let categoryId: number;
const mails: MailMessage[] = [];
const logger = createLogger({ level: "silent" });
const loopbackEnv = { WEBHOOK_ALLOW_LOOPBACK: "true", CAPTCHA_ENABLED: "false", RATE_LIMIT_ENABLED: "false" };

beforeAll(async () => {
  [db, mongo, receiver] = await Promise.all([createForumTestDatabase(), connectTestMongo(), startWebhookReceiver()]);
  callers = requestCallers(db.prisma, loopbackEnv);
  strictCallers = requestCallers(db.prisma, { CAPTCHA_ENABLED: "false", RATE_LIMIT_ENABLED: "false" });
  admin = await createTestAdmin(db.prisma);
  categoryId = (await forumFixtures(db.prisma).category()).id;
  registry = createJobRegistry({
    ...testRuntime(db.prisma),
    env: parseEnv({ NODE_ENV: "test", REDIS_URL: "", ...loopbackEnv }),
    mailer: { send: async (mail) => void mails.push(mail), devMailbox: () => null },
  });
});
afterAll(async () => {
  await Promise.all([db?.close(), mongo?.drop(), receiver?.close()]);
});
beforeEach(() => {
  receiver.received.length = 0;
  receiver.answers.length = 0;
  mails.length = 0;
});

const runJobs = () => runDueJobs({ connectionString: db.url, registry, logger });

async function member() {
  // A verified address: the disabled-endpoint mail goes to those only.
  const user = await db.prisma.user.update({ where: { id: (await forumFixtures(db.prisma).user()).id }, data: { isVerified: true } });
  return { user, webhooks: (await callers.asSession(user.id)).webhook, forum: testCaller(db.prisma, user) };
}
const staff = async () => (await callers.call(await adminSessionHeaders(db.prisma, admin.id))).admin.webhooks;

const paragraph = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

const deliveryDeps = (overrides: Partial<DeliveryDeps> = {}): DeliveryDeps => ({
  prisma: db.prisma,
  env: { WEBHOOK_ALLOW_LOOPBACK: true },
  mailer: { send: async (mail) => void mails.push(mail) },
  logger,
  publicOrigin: "http://localhost:3000",
  ...overrides,
});

/** A delivery row for `endpointId`, as the fan-out makes one (for tests of the sending alone). */
async function deliveryFor(endpointId: number, key = `test.event:${Math.random()}`) {
  return db.prisma.webhookDelivery.create({
    data: { endpointId, messageId: `whm_${key.replace(/\W/g, "")}`.slice(0, 40), eventType: "thread.created", eventKey: key, body: JSON.stringify({ type: "thread.created", key }) },
  });
}

describe("signed deliveries", () => {
  it("delivers a forum event and a member's own event, signed; the README's verifier accepts them", async () => {
    const alice = await member();
    const bob = await member();
    const forumHook = await (await staff()).create({ url: receiver.url("/forum"), events: ["thread.created", "reply.created"] });
    const aliceHook = await alice.webhooks.create({ url: receiver.url("/alice"), description: "Bot saya", events: ["reply.created"] });
    expect(forumHook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(JSON.stringify(await alice.webhooks.list())).not.toContain(aliceHook.secret);

    const thread = await alice.forum.thread.create({ title: "Cara deploy Remix ke VPS", categorySlug: (await db.prisma.category.findUniqueOrThrow({ where: { id: categoryId } })).slug, contentJson: paragraph("Ada yang pernah?") });
    const reply = await bob.forum.reply.create({ threadId: thread.id, content: "Pakai systemd dan nginx saja." });
    await runJobs();
    await runJobs();

    const byPath = (path: string) => receiver.received.filter((request) => request.path === path);
    expect(byPath("/forum").map((request) => JSON.parse(request.body).type).sort()).toEqual(["reply.created", "thread.created"]);
    expect(byPath("/alice")).toHaveLength(1);
    const [aliceRequest] = byPath("/alice");
    const event = createWebhookVerifier(aliceHook.secret)(aliceRequest!.body, aliceRequest!.headers) as { type: string; version: number; data: unknown };
    expect(event).toMatchObject({ type: "reply.created", version: 1 });
    expect(webhookPayloads["reply.created"].parse(event.data)).toMatchObject({ reply: { id: reply.id }, thread: { id: thread.id }, author: { id: bob.user.id } });
    expect(aliceRequest!.headers["webhook-id"]).toMatch(/^whm_/);

    const verifyForum = createWebhookVerifier(forumHook.secret);
    for (const request of byPath("/forum")) expect(verifyForum(request.body, request.headers)).toBeTruthy();

    // The log shows each with its status, response time and attempts.
    const log = await alice.webhooks.deliveries({ endpointId: aliceHook.id });
    expect(log.items).toEqual([expect.objectContaining({ eventType: "reply.created", status: "succeeded", attempts: 1, maxAttempts: MAX_ATTEMPTS, lastStatusCode: 200, lastDurationMs: expect.any(Number), nextAttemptAt: null })]);

    // Bob's own reply on Alice's thread is no event of Bob's: his endpoint hears nothing of it.
    const bobHook = await bob.webhooks.create({ url: receiver.url("/bob"), events: ["reply.created"] });
    await bob.forum.reply.create({ threadId: thread.id, content: "Satu lagi dari saya." });
    await runJobs();
    await runJobs();
    expect(byPath("/bob")).toEqual([]);
    expect((await bob.webhooks.deliveries({ endpointId: bobHook.id })).items).toEqual([]);
  });

  it("the verifier refuses a tampered body, a wrong secret, an old timestamp and a replay", async () => {
    const alice = await member();
    const hook = await alice.webhooks.create({ url: receiver.url(), events: ["reply.created"] });
    const delivery = await deliveryFor(hook.id);
    expect(await deliverOnce(deliveryDeps(), delivery.id)).toBe("sent");
    const [request] = receiver.received;
    const { body, headers } = request!;

    expect(() => createWebhookVerifier(hook.secret)(body.replace("thread", "threat"), headers)).toThrow(/signature/i);
    expect(() => createWebhookVerifier(`whsec_${Buffer.alloc(32, 7).toString("base64")}`)(body, headers)).toThrow(/signature/i);
    const stale = { ...headers, "webhook-timestamp": String(Math.floor(Date.now() / 1000) - 10 * 60) };
    expect(() => createWebhookVerifier(hook.secret)(body, stale)).toThrow(/timestamp/i);
    // A lying header: a fresh timestamp over the old signature fails the signature.
    const resigned = { ...headers, "webhook-timestamp": String(Math.floor(Date.now() / 1000) + 1) };
    expect(() => createWebhookVerifier(hook.secret)(body, resigned)).toThrow(/signature/i);

    const verify = createWebhookVerifier(hook.secret);
    expect(verify(body, headers)).toBeTruthy();
    expect(() => verify(body, headers)).toThrow(/Replayed/);

    // A redelivery keeps its webhook-id: a receiver that handled it refuses it as a replay.
    await alice.webhooks.redeliver({ id: delivery.id.toString() });
    await runJobs();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.headers["webhook-id"]).toBe(headers["webhook-id"]);
    expect(() => verify(receiver.received[1]!.body, receiver.received[1]!.headers)).toThrow(/Replayed/);
  });

  it("signs with the old secret too for a day after a rotation", async () => {
    const alice = await member();
    const hook = await alice.webhooks.create({ url: receiver.url(), events: ["reply.created"] });
    const rotated = await alice.webhooks.rotateSecret({ id: hook.id });
    expect(rotated.secret).not.toBe(hook.secret);
    await deliverOnce(deliveryDeps(), (await deliveryFor(hook.id)).id);
    const [request] = receiver.received;
    expect(String(request!.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(createWebhookVerifier(hook.secret)(request!.body, request!.headers)).toBeTruthy();
    expect(createWebhookVerifier(rotated.secret)(request!.body, request!.headers)).toBeTruthy();
    await db.prisma.webhookEndpoint.update({ where: { id: hook.id }, data: { previousSecretUntil: new Date(Date.now() - 1000) } });
    await deliverOnce(deliveryDeps(), (await deliveryFor(hook.id)).id);
    expect(() => createWebhookVerifier(hook.secret)(receiver.received[1]!.body, receiver.received[1]!.headers)).toThrow(/signature/i);
  });
});

describe("retries and disabling", () => {
  it("retries a 500 on the backoff schedule through the job queue, then succeeds", async () => {
    const alice = await member();
    const hook = await alice.webhooks.create({ url: receiver.url(), events: ["reply.created"] });
    const delivery = await deliveryFor(hook.id);
    receiver.answers.push({ status: 500, body: "rusak" }, { status: 503 });
    let now = new Date();
    expect(await deliverOnce(deliveryDeps(), delivery.id, now)).toBe("retry");
    let row = await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500, lastResponse: "rusak" });
    expect(row.nextAttemptAt!.getTime() - now.getTime()).toBe(RETRY_DELAYS_MS[0]);
    // The next attempt is a queued job due then; before then, a run sends nothing.
    const [job] = await db.prisma.$queryRaw<{ run_at: Date }[]>`SELECT run_at FROM graphile_worker._private_jobs WHERE key = ${`webhook_deliver:${delivery.id}`}`;
    expect(job!.run_at.getTime()).toBe(row.nextAttemptAt!.getTime());
    expect(await deliverOnce(deliveryDeps(), delivery.id, now)).toBe("skipped");

    now = row.nextAttemptAt!;
    expect(await deliverOnce(deliveryDeps(), delivery.id, now)).toBe("retry");
    row = await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(row.nextAttemptAt!.getTime() - now.getTime()).toBe(RETRY_DELAYS_MS[1]);
    expect(RETRY_DELAYS_MS[1]!).toBeGreaterThan(RETRY_DELAYS_MS[0]!);

    expect(await deliverOnce(deliveryDeps(), delivery.id, row.nextAttemptAt!)).toBe("sent");
    row = await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(row).toMatchObject({ status: "succeeded", attempts: 3, lastStatusCode: 200, nextAttemptAt: null });
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((request) => request.headers["webhook-id"])).size).toBe(1);
    expect(await db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } })).toMatchObject({ consecutiveFailures: 0, failingSince: null, isEnabled: true });
  });

  it("sends a delivery once when two jobs for it run at the same moment", async () => {
    const alice = await member();
    const hook = await alice.webhooks.create({ url: receiver.url("/claim"), events: ["reply.created"] });
    const delivery = await deliveryFor(hook.id);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => deliverOnce(deliveryDeps(), delivery.id)));
    expect(outcomes.sort()).toEqual(["sent", "skipped", "skipped", "skipped", "skipped"]);
    expect(receiver.received.filter((request) => request.path === "/claim")).toHaveLength(1);
  });

  it("pages the delivery log newest first without gaps or repeats", async () => {
    const alice = await member();
    const hook = await alice.webhooks.create({ url: receiver.url(), events: ["reply.created"] });
    const made = [];
    for (let n = 0; n < 5; n += 1) made.push((await deliveryFor(hook.id, `page:${hook.id}:${n}`)).id.toString());
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await alice.webhooks.deliveries({ endpointId: hook.id, limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
  });

  it("gives up after the last attempt", async () => {
    const alice = await member();
    const hook = await alice.webhooks.create({ url: receiver.url(), events: ["reply.created"] });
    const delivery = await deliveryFor(hook.id);
    await db.prisma.webhookDelivery.update({ where: { id: delivery.id }, data: { attempts: MAX_ATTEMPTS - 1 } });
    receiver.answers.push({ status: 500 });
    expect(await deliverOnce(deliveryDeps(), delivery.id)).toBe("failed");
    expect(await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, nextAttemptAt: null });
  });

  it("disables an endpoint failing for a day and tells its owner once, however many attempts fail at once", async () => {
    const alice = await member();
    const hook = await alice.webhooks.create({ url: receiver.url(), events: ["reply.created"] });
    const deliveries = await Promise.all(Array.from({ length: 6 }, (_, n) => deliveryFor(hook.id, `burst:${hook.id}:${n}`)));
    for (let n = 0; n < 6; n += 1) receiver.answers.push({ status: 500 });
    // Many failures in a moment are not a day of failures: still on.
    await Promise.all(deliveries.map((delivery) => deliverOnce(deliveryDeps(), delivery.id)));
    let endpoint = await db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } });
    expect(endpoint).toMatchObject({ isEnabled: true, consecutiveFailures: 6 });

    // A day later, the run goes on failing.
    await db.prisma.webhookEndpoint.update({ where: { id: hook.id }, data: { failingSince: new Date(Date.now() - DISABLE_AFTER_MS - 60_000), consecutiveFailures: DISABLE_AFTER_FAILURES - 1 } });
    const more = await Promise.all(Array.from({ length: 5 }, (_, n) => deliveryFor(hook.id, `later:${hook.id}:${n}`)));
    for (let n = 0; n < 5; n += 1) receiver.answers.push({ status: 500 });
    await Promise.all(more.map((delivery) => deliverOnce(deliveryDeps(), delivery.id)));
    endpoint = await db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } });
    expect(endpoint).toMatchObject({ isEnabled: false, disabledReason: "failures", disabledAt: expect.any(Date) });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: alice.user.email, subject: expect.stringContaining("dinonaktifkan") });
    expect(mails[0]!.text).toContain("/pengaturan/webhook");

    // Nothing more is sent to it; redelivery waits for it to be turned on, which starts the count over.
    const sent = receiver.received.length;
    expect(await deliverOnce(deliveryDeps(), deliveries[0]!.id, new Date(Date.now() + RETRY_DELAYS_MS[0]!))).toBe("failed");
    expect(receiver.received.length).toBe(sent);
    await expect(alice.webhooks.redeliver({ id: deliveries[0]!.id.toString() })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await alice.webhooks.update({ id: hook.id, enabled: true })).toMatchObject({ isEnabled: true, consecutiveFailures: 0, disabledReason: null });
    await alice.webhooks.redeliver({ id: deliveries[0]!.id.toString() });
    await runJobs();
    expect(receiver.received.length).toBe(sent + 1);
  });

  it("bounds an attempt: a receiver that hangs or trickles times out, a huge answer is read only so far", async () => {
    receiver.answers.push("hang");
    const hung = await attemptDelivery({ url: receiver.url(), body: "{}", headers: {}, timeoutMs: 300, allowLoopback: true });
    expect(hung).toMatchObject({ ok: false, status: null, error: expect.stringContaining("300 ms") });
    expect(hung.durationMs).toBeLessThan(2_000);
    receiver.answers.push("trickle");
    const trickled = await attemptDelivery({ url: receiver.url(), body: "{}", headers: {}, timeoutMs: 300, allowLoopback: true });
    expect(trickled).toMatchObject({ ok: false, error: expect.stringContaining("300 ms") });
    receiver.answers.push({ status: 200, body: "x".repeat(5 * 1024 * 1024) });
    const huge = await attemptDelivery({ url: receiver.url(), body: "{}", headers: {}, timeoutMs: 5_000, allowLoopback: true });
    expect(huge).toMatchObject({ ok: true, status: 200 });
    expect(huge.response!.length).toBeLessThanOrEqual(Math.min(1024, RESPONSE_READ_LIMIT));
    receiver.answers.push({ status: 302, body: "" });
    expect(await attemptDelivery({ url: receiver.url(), body: "{}", headers: {}, timeoutMs: 5_000, allowLoopback: true })).toMatchObject({ ok: false, status: 302 });
  });
});

describe("whose endpoints", () => {
  it("keeps each member's endpoints and deliveries their own; forum endpoints are staff only", async () => {
    const alice = await member();
    const bob = await member();
    const hook = await alice.webhooks.create({ url: receiver.url(), events: ["reply.created"] });
    const delivery = await deliveryFor(hook.id);
    const forumHook = await (await staff()).create({ url: receiver.url(), events: ["report.resolved"] });
    expect(await bob.webhooks.list()).toEqual([]);
    const attempts = [
      () => bob.webhooks.update({ id: hook.id, url: receiver.url("/bob") }),
      () => bob.webhooks.delete({ id: hook.id }),
      () => bob.webhooks.rotateSecret({ id: hook.id }),
      () => bob.webhooks.deliveries({ endpointId: hook.id }),
      () => bob.webhooks.redeliver({ id: delivery.id.toString() }),
      () => alice.webhooks.update({ id: forumHook.id, enabled: false }),
      () => alice.webhooks.deliveries({ endpointId: forumHook.id }),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } })).toMatchObject({ url: receiver.url() });

    const asMember = (await callers.asSession(alice.user.id)).admin.webhooks;
    await expect(asMember.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(asMember.create({ url: receiver.url(), events: ["thread.created"] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // The forum's events are not a member's to subscribe to.
    await expect(alice.webhooks.create({ url: receiver.url(), events: ["thread.created"] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // A member's endpoints are not in the forum's list; admin changes are in the staff log.
    expect((await (await staff()).list()).map((row) => row.id)).not.toContain(hook.id);
    expect(await db.prisma.staffAction.count({ where: { action: "webhook.create", targetId: String(forumHook.id), adminId: admin.id } })).toBe(1);
  });

  it("refuses inputs at their limits", async () => {
    const alice = await member();
    const cases = [
      () => alice.webhooks.create({ url: "", events: ["reply.created"] }),
      () => alice.webhooks.create({ url: receiver.url(), events: [] }),
      () => alice.webhooks.create({ url: receiver.url(), events: ["nope" as never] }),
      () => alice.webhooks.create({ url: `${receiver.url()}?${"a".repeat(2048)}`, events: ["reply.created"] }),
      () => alice.webhooks.create({ url: receiver.url(), description: "x".repeat(201), events: ["reply.created"] }),
      () => alice.webhooks.deliveries({ endpointId: 1, cursor: "bukan-kursor" }),
      () => alice.webhooks.redeliver({ id: "0" }),
    ];
    for (const call of cases) await expect(call()).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // At most MAX_MEMBER_ENDPOINTS, also when created all at once.
    const results = await Promise.allSettled(Array.from({ length: 14 }, () => alice.webhooks.create({ url: receiver.url(), events: ["reply.created"] })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(10);
    expect(await db.prisma.webhookEndpoint.count({ where: { userId: alice.user.id } })).toBe(10);
  });
});

describe("SSRF", () => {
  it("accepts https to public hosts only, unless loopback is allowed for tests", async () => {
    const user = await forumFixtures(db.prisma).user();
    const strict = (await strictCallers.asSession(user.id)).webhook;
    const refused = [
      receiver.url(),
      `https://127.0.0.1:${receiver.port}/`,
      "https://localhost/",
      "https://api.localhost/",
      "https://[::1]/",
      "https://[::ffff:127.0.0.1]/",
      "https://[::ffff:7f00:1]/",
      "https://10.0.0.5/",
      "https://172.16.3.4/",
      "https://192.168.1.1/",
      "https://169.254.169.254/latest/meta-data",
      "https://[fe80::1]/",
      "https://[fd00::1]/",
      "https://0.0.0.0/",
      "http://example.com/",
      "ftp://example.com/",
      "https://user:sandi@example.com/",
      "bukan url",
    ];
    for (const url of refused) {
      await expect(strict.create({ url, events: ["reply.created"] }), url).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/ditolak/) });
    }
    // With loopback allowed, still nothing else private, and http only to loopback.
    const loose = (await callers.asSession(user.id)).webhook;
    for (const url of ["http://10.0.0.5/", "https://192.168.1.1/", "http://169.254.169.254/", "http://example.com/"]) {
      await expect(loose.create({ url, events: ["reply.created"] }), url).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    expect(await db.prisma.webhookEndpoint.count({ where: { userId: user.id } })).toBe(0);
  });

  const machineName = hostname();
  it("checks what a name resolves to when saved and again at delivery", async () => {
    const resolved = await dns.lookup(machineName).catch(() => null);
    // This machine's name points at loopback here (/etc/hosts); where it does not, there is nothing to point with.
    if (!resolved || !isLoopbackAddress(resolved.address)) return;
    const user = await forumFixtures(db.prisma).user();
    const strict = (await strictCallers.asSession(user.id)).webhook;
    await expect(strict.create({ url: `https://${machineName}:${receiver.port}/`, events: ["reply.created"] })).rejects.toMatchObject({ message: expect.stringMatching(/privat/) });
    // Saved while the name pointed elsewhere, now pointing inside (DNS rebinding): refused at connection.
    const hook = await db.prisma.webhookEndpoint.create({ data: { scope: "member", userId: user.id, url: `https://${machineName}:${receiver.port}/`, events: ["reply.created"], secret: `whsec_${Buffer.alloc(32).toString("base64")}` } });
    expect(await deliverOnce(deliveryDeps({ env: { WEBHOOK_ALLOW_LOOPBACK: false } }), (await deliveryFor(hook.id)).id)).toBe("retry");
    expect(await db.prisma.webhookDelivery.findFirstOrThrow({ where: { endpointId: hook.id } })).toMatchObject({ lastError: expect.stringMatching(/private address/), lastStatusCode: null });
    expect(receiver.received).toEqual([]);
  });

  it("refuses a private address at delivery even if one is stored", async () => {
    const user = await forumFixtures(db.prisma).user();
    const hook = await db.prisma.webhookEndpoint.create({ data: { scope: "member", userId: user.id, url: `http://127.0.0.1:${receiver.port}/`, events: ["reply.created"], secret: `whsec_${Buffer.alloc(32).toString("base64")}` } });
    expect(await deliverOnce(deliveryDeps({ env: { WEBHOOK_ALLOW_LOOPBACK: false } }), (await deliveryFor(hook.id)).id)).toBe("retry");
    expect(receiver.received).toEqual([]);
  });
});

describe("fan-out", () => {
  it("makes exactly one delivery per event and endpoint, however often and concurrently the event runs", async () => {
    const alice = await member();
    const bob = await member();
    const hook = await alice.webhooks.create({ url: receiver.url("/once"), events: ["reply.created", "reaction.created"] });
    const thread = await forumFixtures(db.prisma).thread({ categoryId, authorId: alice.user.id, createdAt: new Date() });
    const replies = await Promise.all(Array.from({ length: 5 }, (_, n) => bob.forum.reply.create({ threadId: thread.id, content: `Balasan nomor ${n} dari Bob` })));
    await bob.forum.reaction.toggle({ threadId: thread.id, type: "like" });
    const events = [
      ...replies.map((reply) => ({ kind: "reply" as const, ids: { replyId: reply.id } })),
      { kind: "reaction" as const, ids: { threadId: thread.id, userId: bob.user.id } },
    ];
    const deps = { prisma: db.prisma, publicOrigin: "http://localhost:3000" };
    const added = await Promise.all(events.flatMap((event) => Array.from({ length: 4 }, () => fanOutEvent(deps, event))));
    // Forum endpoints of earlier tests hear the replies too: every delivery was added once.
    const keys = [...replies.map((reply) => `reply.created:${reply.id}`), `reaction.created:${thread.id}:${bob.user.id}`];
    expect(added.reduce((sum, n) => sum + n, 0)).toBe(await db.prisma.webhookDelivery.count({ where: { eventKey: { in: keys } } }));
    expect(await db.prisma.webhookDelivery.count({ where: { endpointId: hook.id } })).toBe(6);
    await runJobs();
    await runJobs();
    const received = receiver.received.filter((request) => request.path === "/once");
    expect(received).toHaveLength(6);
    expect(new Set(received.map((request) => request.headers["webhook-id"])).size).toBe(6);
    // An edit queues the reply's event again: no second "created".
    await bob.forum.reply.update({ id: replies[0]!.id, content: "Balasan nomor 0, diperbaiki" });
    await runJobs();
    await runJobs();
    expect(receiver.received.filter((request) => request.path === "/once")).toHaveLength(6);
  });

  it("sends a member's settled payment to their own endpoints and the forum's, never another member's", async () => {
    const alice = await member();
    const bob = await member();
    const aliceHook = await alice.webhooks.create({ url: receiver.url("/pay-alice"), events: ["payment.settled"] });
    const bobHook = await bob.webhooks.create({ url: receiver.url("/pay-bob"), events: ["payment.settled", "reply.created"] });
    const forumHook = await (await staff()).create({ url: receiver.url("/pay-forum"), events: ["payment.settled"] });
    const orderId = `ORD-WH-${alice.user.id}`;
    await PaymentOrderModel.create({ orderId, userId: alice.user.id, kind: "topup", grossAmount: 60_000, tokenAmount: 12_000, status: "success", gateway: "sandbox", expiresAt: new Date(Date.now() + 3_600_000) });
    const deps = { prisma: db.prisma, publicOrigin: "http://localhost:3000" };
    await fanOutEvent(deps, { kind: "payment", ids: { orderId } });
    await runJobs();
    const [request] = receiver.received.filter((received) => received.path === "/pay-alice");
    const event = createWebhookVerifier(aliceHook.secret)(request!.body, request!.headers) as { type: string; data: unknown };
    expect(event.type).toBe("payment.settled");
    expect(webhookPayloads["payment.settled"].parse(event.data)).toEqual({ orderId, kind: "topup", grossAmount: 60_000, tokenAmount: 12_000, member: { id: alice.user.id, username: alice.user.username } });
    expect(receiver.received.filter((received) => received.path === "/pay-forum")).toHaveLength(1);
    expect(await db.prisma.webhookDelivery.count({ where: { endpointId: bobHook.id } })).toBe(0);
    expect(await db.prisma.webhookDelivery.count({ where: { endpointId: forumHook.id } })).toBe(1);
  });

  it("sends nothing of a member to someone who blocked them", async () => {
    const alice = await member();
    const bob = await member();
    const hook = await alice.webhooks.create({ url: receiver.url("/blocked"), events: ["reply.created"] });
    await alice.forum.block.add({ username: bob.user.username });
    const thread = await forumFixtures(db.prisma).thread({ categoryId, authorId: alice.user.id, createdAt: new Date() });
    const reply = await bob.forum.reply.create({ threadId: thread.id, content: "Halo Alice, ini Bob." });
    await fanOutEvent({ prisma: db.prisma, publicOrigin: "http://localhost:3000" }, { kind: "reply", ids: { replyId: reply.id } });
    expect(await db.prisma.webhookDelivery.count({ where: { endpointId: hook.id } })).toBe(0);
  });
});
