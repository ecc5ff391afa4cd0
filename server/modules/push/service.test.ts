import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseEnv } from "../../platform/env.ts";
import { createLogger } from "../../platform/logger.ts";
import { createMetrics } from "../../platform/metrics.ts";
import { createPush } from "../../platform/push.ts";
import { startFakePushService, type FakePushService } from "../../testing/fake-push-service.ts";
import { asClientSees } from "../../testing/errors.ts";
import { createForumTestDatabase, forumFixtures, testCaller } from "../../testing/forum.ts";
import { MAX_SUBSCRIPTIONS_PER_MEMBER, sendPushToMember, subscribe, type PushDeps } from "./service.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let service: FakePushService;
let deps: PushDeps & { metrics: ReturnType<typeof createMetrics> };
let folder: string;
let member: { id: number; username: string };
let other: { id: number; username: string };

beforeAll(async () => {
  [db, service] = await Promise.all([createForumTestDatabase(), startFakePushService()]);
  folder = mkdtempSync(path.join(tmpdir(), "push-keys-"));
  const env = parseEnv({ NODE_ENV: "test", MAIL_FROM: "Alephdraad <admin@alephdraad.example>" });
  const logger = createLogger({ level: "silent" });
  deps = { prisma: db.prisma, push: createPush(env, logger, { ca: service.ca, folder }), metrics: createMetrics(), logger };
});
afterAll(async () => {
  await Promise.all([db?.close(), service?.close()]);
  if (folder) rmSync(folder, { recursive: true, force: true });
});
beforeEach(async () => {
  const fixtures = forumFixtures(db.prisma);
  [member, other] = await Promise.all([fixtures.user(), fixtures.user()]);
});

const as = (user: { id: number; username: string }) => testCaller(db.prisma, user, { via: "session" }).push;
const newSubscription = () => service.subscription(deps.push.publicKey);
const message = { title: "Balasan baru", body: "budi membalas thread Anda", url: "/t/12/belajar-rust#balasan-rpl_1", tag: "reply:rpl_1" };
const pushCount = async (outcome: string) =>
  (await deps.metrics.registry.getSingleMetric("web_push_total")!.get()).values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
const rowOf = (endpoint: string) => db.prisma.pushSubscription.findUnique({ where: { endpoint } });

describe("push.subscribe and sendPushToMember through a push service of the protocol", () => {
  it("delivers the message encrypted for the browser's keys, signed with the server's VAPID key", async () => {
    const phone = newSubscription();
    const laptop = newSubscription();
    await as(member).subscribe(phone);
    expect(await as(member).subscribe(laptop)).toEqual({ subscriptions: 2 });
    expect(await as(member).status()).toEqual({ subscriptions: 2 });
    const sentBefore = await pushCount("sent");

    await sendPushToMember(deps, member.id, message);

    for (const subscription of [phone, laptop]) {
      const [push] = service.receivedBy(subscription.endpoint);
      // The service could decrypt it only with this subscription's private key and auth secret.
      expect(JSON.parse(push!.payload)).toEqual(message);
      expect(push!.vapid).toEqual({ aud: service.origin, sub: "mailto:admin@alephdraad.example", exp: expect.any(Number), publicKey: deps.push.publicKey });
      expect(push).toMatchObject({ ttl: 86_400, urgency: "normal" });
      expect(await rowOf(subscription.endpoint)).toMatchObject({ userId: member.id, failures: 0, lastSuccessAt: expect.any(Date), userAgent: "vitest" });
    }
    expect(await pushCount("sent")).toBe(sentBefore + 2);
  });

  it("never sends a link to another origin: such a url becomes /notifikasi", async () => {
    const phone = newSubscription();
    await as(member).subscribe(phone);
    for (const url of ["https://evil.example/x", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "t/1", `/t/1/${"a".repeat(1000)}`, "/t/1/judul dengan spasi", '/t/1/"x"', "/t/1/\u00e9"]) {
      await sendPushToMember(deps, member.id, { ...message, url });
    }
    expect(service.receivedBy(phone.endpoint).map((push) => JSON.parse(push.payload).url)).toEqual(Array(9).fill("/notifikasi"));
  });

  it("fits the longest, most escaped message into one push", async () => {
    const phone = newSubscription();
    await as(member).subscribe(phone);
    const worst = "\u0001".repeat(5000);
    await sendPushToMember(deps, member.id, { title: worst, body: worst, url: `/t/1/${"%C3%A9".repeat(165)}`, tag: worst });
    const [push] = service.receivedBy(phone.endpoint);
    expect(JSON.parse(push!.payload)).toMatchObject({ title: "\u0001".repeat(120), body: "\u0001".repeat(300), url: `/t/1/${"%C3%A9".repeat(165)}` });
    expect(Buffer.byteLength(push!.payload)).toBeLessThan(3993);
  });

  it("removes a subscription the push service says is gone (410, 404), counts other failures, and still delivers the rest", async () => {
    const [gone, missing, failing, fine] = [newSubscription(), newSubscription(), newSubscription(), newSubscription()];
    for (const subscription of [gone, missing, failing, fine]) await as(member).subscribe(subscription);
    service.answer(gone.endpoint, 410);
    service.answer(missing.endpoint, 404);
    service.answer(failing.endpoint, 500);
    const [goneBefore, failedBefore] = [await pushCount("gone"), await pushCount("failed")];

    await expect(sendPushToMember(deps, member.id, message)).resolves.toBeUndefined();
    await sendPushToMember(deps, member.id, message);

    expect(await rowOf(gone.endpoint)).toBeNull();
    expect(await rowOf(missing.endpoint)).toBeNull();
    expect(await rowOf(failing.endpoint)).toMatchObject({ failures: 2, lastSuccessAt: null });
    expect(service.receivedBy(fine.endpoint)).toHaveLength(2);
    expect(await as(member).status()).toEqual({ subscriptions: 2 });
    expect(await pushCount("gone")).toBe(goneBefore + 2);
    expect(await pushCount("failed")).toBe(failedBefore + 2);
  });

  it("counts a failure for a subscription whose keys the browser does not hold (the service cannot decrypt)", async () => {
    const real = newSubscription();
    const forged = { endpoint: real.endpoint, keys: { ...newSubscription().keys } };
    await as(member).subscribe(forged);
    await sendPushToMember(deps, member.id, message);
    expect(service.receivedBy(real.endpoint)).toHaveLength(0);
    expect(service.refusals.at(-1)).toMatchObject({ endpoint: real.endpoint, status: 400, reason: expect.stringContaining("cannot decrypt") });
    expect(await rowOf(real.endpoint)).toMatchObject({ failures: 1 });
  });

  it("is refused by the push service when signed with a key the browser did not subscribe with", async () => {
    const otherFolder = mkdtempSync(path.join(tmpdir(), "push-other-"));
    const { publicKey } = createPush(parseEnv({ NODE_ENV: "test" }), deps.logger, { folder: otherFolder });
    rmSync(otherFolder, { recursive: true });
    const elsewhere = service.subscription(publicKey);
    await as(member).subscribe(elsewhere);
    await sendPushToMember(deps, member.id, message);
    expect(service.refusals.at(-1)).toMatchObject({ endpoint: elsewhere.endpoint, status: 403 });
    expect(await rowOf(elsewhere.endpoint)).toMatchObject({ failures: 1 });
  });

  it("does nothing for a member without subscriptions, and survives an unreachable push service", async () => {
    await expect(sendPushToMember(deps, other.id, message)).resolves.toBeUndefined();
    await db.prisma.pushSubscription.create({
      data: { userId: other.id, endpoint: "https://127.0.0.1:1/push/nobody", ...newSubscription().keys },
    });
    await expect(sendPushToMember(deps, other.id, message)).resolves.toBeUndefined();
    expect(await rowOf("https://127.0.0.1:1/push/nobody")).toMatchObject({ failures: 1 });
  });

  it(`keeps at most ${MAX_SUBSCRIPTIONS_PER_MEMBER} browsers per member, replacing the oldest`, async () => {
    const subscriptions = Array.from({ length: MAX_SUBSCRIPTIONS_PER_MEMBER + 2 }, newSubscription);
    for (const subscription of subscriptions) await as(member).subscribe(subscription);
    expect(await as(member).status()).toEqual({ subscriptions: MAX_SUBSCRIPTIONS_PER_MEMBER });
    expect(await rowOf(subscriptions[0]!.endpoint)).toBeNull();
    expect(await rowOf(subscriptions[1]!.endpoint)).toBeNull();
    expect(await rowOf(subscriptions[2]!.endpoint)).not.toBeNull();
  });

  it("holds the limit when a member's browsers subscribe at the same moment", async () => {
    const subscriptions = Array.from({ length: MAX_SUBSCRIPTIONS_PER_MEMBER + 5 }, newSubscription);
    await Promise.all(subscriptions.map((subscription) => as(member).subscribe(subscription)));
    expect(await db.prisma.pushSubscription.count({ where: { userId: member.id } })).toBe(MAX_SUBSCRIPTIONS_PER_MEMBER);
  });

  it("moves an endpoint to the member who subscribes it last (a shared device), with its new keys", async () => {
    const shared = newSubscription();
    await as(member).subscribe(shared);
    const again = { endpoint: shared.endpoint, keys: shared.keys };
    expect(await as(other).subscribe(again)).toEqual({ subscriptions: 1 });
    expect(await as(member).status()).toEqual({ subscriptions: 0 });
    expect(await rowOf(shared.endpoint)).toMatchObject({ userId: other.id });

    await sendPushToMember(deps, member.id, message);
    expect(service.receivedBy(shared.endpoint)).toHaveLength(0);
    await sendPushToMember(deps, other.id, { ...message, title: "Untuk yang baru" });
    expect(service.receivedBy(shared.endpoint).map((push) => JSON.parse(push.payload).title)).toEqual(["Untuk yang baru"]);
  });

  it("unsubscribes only the caller's own endpoint, answering the same for another's", async () => {
    const mine = newSubscription();
    const theirs = newSubscription();
    await as(member).subscribe(mine);
    await as(other).subscribe(theirs);
    expect(await as(member).unsubscribe({ endpoint: theirs.endpoint })).toEqual({ subscriptions: 1 });
    expect(await rowOf(theirs.endpoint)).toMatchObject({ userId: other.id });
    expect(await as(member).unsubscribe({ endpoint: mine.endpoint })).toEqual({ subscriptions: 0 });
    expect(await rowOf(mine.endpoint)).toBeNull();
    // Already gone (a 410 removed it, another tab turned it off): still fine.
    expect(await as(member).unsubscribe({ endpoint: mine.endpoint })).toEqual({ subscriptions: 0 });
  });
});

describe("push procedures: who may call, and what input they take", () => {
  it("gives anyone the VAPID public key, and only members the rest", async () => {
    expect(await testCaller(db.prisma).push.vapidPublicKey()).toEqual({ publicKey: expect.stringMatching(/^[\w-]{87}$/) });
    const anonymous = testCaller(db.prisma).push;
    await expect(anonymous.subscribe(newSubscription())).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.unsubscribe({ endpoint: newSubscription().endpoint })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.status()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("refuses endpoints that are not https, and keys that are not a browser's, in Indonesian", async () => {
    const { endpoint, keys } = newSubscription();
    const refused = [
      { endpoint: endpoint.replace("https:", "http:"), keys },
      { endpoint: "javascript:alert(1)", keys },
      { endpoint: "bukan alamat", keys },
      { endpoint: `https://user:pass@${endpoint.slice("https://".length)}`, keys },
      { endpoint: `${endpoint}/${"a".repeat(2048)}`, keys },
      { endpoint: "", keys },
      { endpoint, keys: { ...keys, p256dh: keys.auth } },
      // 65 bytes, but not a point on P-256.
      { endpoint, keys: { ...keys, p256dh: Buffer.alloc(65, 4).toString("base64url") } },
      { endpoint, keys: { ...keys, auth: keys.p256dh } },
      { endpoint, keys: { ...keys, auth: "!!!!!!!!!!!!!!!!!!!!!!" } },
      { endpoint, keys: { p256dh: keys.p256dh } },
    ];
    for (const input of refused) {
      await expect(as(member).subscribe(input as never)).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringMatching(/langganan notifikasi|Invalid input|expected/i),
      });
    }
    await expect(as(member).subscribe({ endpoint: "http://127.0.0.1/x", keys })).rejects.toMatchObject({
      message: "Alamat langganan notifikasi tidak valid.",
    });
    expect(await as(member).status()).toEqual({ subscriptions: 0 });
  });

  it("refuses, in production, endpoints on this machine or a private network", async () => {
    const production = { prisma: db.prisma, env: { NODE_ENV: "production" as const } };
    const { keys } = newSubscription();
    for (const endpoint of ["https://127.0.0.1/x", "https://localhost/x", "https://[::1]/x", "https://10.0.0.5/x", "https://169.254.169.254/latest", "https://[::ffff:127.0.0.1]/x", "https://api.localhost/x", "https://localhost./x", "https://2130706433/x"]) {
      await expect(asClientSees(subscribe(production, member.id, { endpoint, keys }, null))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    await expect(subscribe(production, member.id, { endpoint: "https://fcm.googleapis.com/fcm/send/abc", keys }, null)).resolves.toEqual({ subscriptions: 1 });
  });
});
