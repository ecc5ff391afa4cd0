import { once } from "node:events";
import type { AddressInfo } from "node:net";
import express from "express";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../platform/logger.ts";
import { parseEnv } from "../platform/env.ts";
import { publicOriginString } from "../platform/public-origin.ts";
import { rateLimitKeyPrefix } from "../platform/rate-limit.ts";
import { createSecurityEventThrottle } from "../modules/security/throttle.ts";
import { createForumTestDatabase, forumFixtures, testCaller } from "../testing/forum.ts";
import { connectTestMongo, type TestMongo } from "../testing/mongo.ts";
import { checkWalletLedger, getWallet } from "../modules/wallet/service.ts";
import { TransactionModel } from "../modules/wallet/wallet.model.ts";
import { paymentHttpRoutes } from "./payment-routes.ts";
import { PaymentGatewayError, notificationSignature } from "../modules/payment/midtrans.ts";
import { PaymentOrderModel } from "../modules/payment/payment-order.model.ts";
import {
  NOTIFICATION_PATH,
  PaymentRequestError,
  SANDBOX_SERVER_KEY,
  createPaymentOrder,
  expirePendingOrders,
  markLegacySandboxCredits,
  paymentGatewayOf,
  type PaymentDeps,
} from "../modules/payment/service.ts";
import { listLedger } from "../modules/wallet/history.ts";
import { SandboxStore } from "./sandbox-gateway.ts";

const SERVER_KEY = "SB-Mid-server-test-key";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: TestMongo;
let fixtures: ReturnType<typeof forumFixtures>;
const servers: { close(): void }[] = [];

/** An HTTP server on 127.0.0.1 for `app`; its origin. */
async function listen(app: express.Express): Promise<string> {
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A fake Midtrans Snap API recording what it was sent; `failWith` makes it answer an error. */
function fakeMidtrans() {
  const received: { authorization?: string; notification?: string; body: Record<string, unknown> }[] = [];
  const state = { failWith: 0 };
  const app = express();
  app.post("/snap/v1/transactions", express.json(), (req, res) => {
    received.push({ authorization: req.get("authorization"), notification: req.get("x-override-notification"), body: req.body });
    if (state.failWith) {
      res.status(state.failWith).json({ error_messages: ["fake failure"] });
      return;
    }
    const orderId = (req.body as { transaction_details: { order_id: string } }).transaction_details.order_id;
    res.status(201).json({ token: `tok-${orderId}`, redirect_url: `https://pay.example/snap/v2/vtweb/tok-${orderId}` });
  });
  return { app, received, state };
}

/** The webhook and sandbox on `deps`, with a security-event throttle and public origin of their own. */
function paymentRoutes(deps: PaymentDeps) {
  const securityThrottle = createSecurityEventThrottle({ redis: null, keyPrefix: rateLimitKeyPrefix("test") });
  return paymentHttpRoutes({ ...deps, securityThrottle, publicOriginOf: (headers) => publicOriginString(deps.env, headers) });
}

const midtrans = fakeMidtrans();
let deps: PaymentDeps;
let webhookUrl: string;

beforeAll(async () => {
  [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  fixtures = forumFixtures(db.prisma);
  const env = parseEnv({
    NODE_ENV: "test",
    REDIS_URL: "",
    MIDTRANS_SERVER_KEY: SERVER_KEY,
    PAYMENT_GATEWAY_URL: await listen(midtrans.app),
  });
  deps = { prisma: db.prisma, env, logger: createLogger({ level: "silent" }) };
  const app = express();
  app.use(paymentRoutes(deps));
  webhookUrl = `${await listen(app)}${NOTIFICATION_PATH}`;
});
afterAll(async () => {
  for (const server of servers) server.close();
  await Promise.all([db?.close(), mongo?.drop()]);
});

async function member() {
  const user = await fixtures.user();
  return { id: user.id, username: user.username, email: user.email };
}

function signed(fields: { order_id: string; status_code: string; gross_amount: string; transaction_status: string }, key = SERVER_KEY) {
  return { ...fields, currency: "IDR", signature_key: notificationSignature(fields, key) };
}

const settlement = (orderId: string, amount: number) =>
  signed({ order_id: orderId, status_code: "200", gross_amount: `${amount}.00`, transaction_status: "settlement" });

async function notify(body: object) {
  const response = await fetch(webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return response.status;
}

async function snapshot(userId: number) {
  return {
    wallet: await getWallet(deps, userId),
    orders: await PaymentOrderModel.find({ userId }, { status: 1, creditedAt: 1 }).lean(),
    entries: await TransactionModel.countDocuments({ userId }),
  };
}

describe("Snap client against a Midtrans-compatible server", () => {
  it("creates the transaction and keeps the payment page URL", async () => {
    const user = await member();
    const order = await createPaymentOrder(deps, {
      user,
      request: { kind: "package", packageId: "starter" },
      publicOrigin: "https://forum.example",
    });
    expect(order).toMatchObject({ kind: "package", grossAmount: 50_000, tokenAmount: 10_500, status: "pending" });
    expect(order.redirectUrl).toBe(`https://pay.example/snap/v2/vtweb/tok-${order.orderId}`);
    const sent = midtrans.received.at(-1)!;
    expect(sent.authorization).toBe(`Basic ${Buffer.from(`${SERVER_KEY}:`).toString("base64")}`);
    expect(sent.notification).toBe(`https://forum.example${NOTIFICATION_PATH}`);
    expect(sent.body).toMatchObject({
      transaction_details: { order_id: order.orderId, gross_amount: 50_000 },
      customer_details: { first_name: user.username, email: user.email },
      item_details: [{ id: "starter", price: 50_000, quantity: 1 }],
      callbacks: { finish: `https://forum.example/dompet?pesanan=${order.orderId}` },
    });
  });

  it("marks the order failed when the gateway refuses", async () => {
    const user = await member();
    midtrans.state.failWith = 401;
    try {
      await expect(
        createPaymentOrder(deps, { user, request: { kind: "topup", amount: 20_000 }, publicOrigin: "https://forum.example" }),
      ).rejects.toBeInstanceOf(PaymentGatewayError);
    } finally {
      midtrans.state.failWith = 0;
    }
    expect(await PaymentOrderModel.findOne({ userId: user.id }).lean()).toMatchObject({ status: "failed" });
  });

  it("refuses a top-up outside the limits", async () => {
    const user = await member();
    await expect(
      createPaymentOrder(deps, { user, request: { kind: "topup", amount: 999 }, publicOrigin: "https://forum.example" }),
    ).rejects.toThrow(/Rp 10\.000/);
  });
});

describe("notification webhook", () => {
  async function pendingTopup(amount = 100_000) {
    const user = await member();
    const order = await createPaymentOrder(deps, { user, request: { kind: "topup", amount }, publicOrigin: "https://forum.example" });
    return { user, order };
  }

  it("credits once for 100 copies delivered concurrently and out of order", async () => {
    const { user, order } = await pendingTopup();
    const pairs = [
      ["pending", "201"],
      ["settlement", "200"],
      ["capture", "200"],
      ["deny", "202"],
      ["expire", "202"],
    ] as const;
    const copies = Array.from({ length: 100 }, (_, i) => {
      const [transaction_status, status_code] = pairs[(i * 7) % pairs.length]!;
      return signed({ order_id: order.orderId, status_code, gross_amount: "100000.00", transaction_status });
    });
    const answers = await Promise.all(copies.map(notify));
    expect(answers.every((status) => status === 200)).toBe(true);
    const after = await snapshot(user.id);
    expect(after.wallet.balance).toBe(100_000);
    expect(after.orders).toMatchObject([{ status: "success", creditedAt: expect.any(Date) }]);
    expect(await TransactionModel.countDocuments({ userId: user.id, type: "topup" })).toBe(1);
    expect((await checkWalletLedger(after.wallet.walletId))?.matches).toBe(true);
  }, 60_000);

  it("credits a package's tokens, not rupiah", async () => {
    const user = await member();
    const order = await createPaymentOrder(deps, { user, request: { kind: "package", packageId: "pro" }, publicOrigin: "https://f.example" });
    expect(await notify(settlement(order.orderId, 100_000))).toBe(200);
    expect(await getWallet(deps, user.id)).toMatchObject({ balance: 0, tokenBalance: 10_000 + 22_000 });
  });

  it("refuses a forged signature, a tampered amount and an unknown order, changing nothing", async () => {
    const { user, order } = await pendingTopup(50_000);
    const before = await snapshot(user.id);
    const genuine = settlement(order.orderId, 50_000);
    expect(await notify({ ...genuine, signature_key: "ab".repeat(64) })).toBe(403);
    expect(await notify(signed({ ...genuine, transaction_status: "settlement" }, "guessed-key"))).toBe(403);
    // Amount changed after signing: the signature no longer holds.
    expect(await notify({ ...genuine, gross_amount: "5000000.00" })).toBe(403);
    // Signed with the right key but for another amount than the order's.
    expect(await notify(settlement(order.orderId, 5_000_000))).toBe(403);
    expect(await notify({ ...genuine, currency: "USD" })).toBe(403);
    expect(await notify(settlement("pay_unknown", 50_000))).toBe(404);
    expect(await notify({ order_id: order.orderId })).toBe(400);
    expect(await snapshot(user.id)).toEqual(before);
    const events = await db.prisma.securityEvent.findMany({ where: { userId: user.id, eventType: "payment_signature_invalid" } });
    expect(events.map((event) => (event.metadata as { reason: string }).reason).sort()).toEqual([
      "amount",
      "currency",
      "signature",
      "signature",
      "signature",
    ]);
  });

  it("ignores a replay of an old order's notifications", async () => {
    const { user, order } = await pendingTopup(30_000);
    expect(await notify(settlement(order.orderId, 30_000))).toBe(200);
    const before = await snapshot(user.id);
    expect(await notify(settlement(order.orderId, 30_000))).toBe(200);
    const expire = signed({ order_id: order.orderId, status_code: "202", gross_amount: "30000.00", transaction_status: "expire" });
    expect(await notify(expire)).toBe(200);
    expect(await snapshot(user.id)).toEqual(before);
  });

  it("marks a declined payment failed without crediting", async () => {
    const { user, order } = await pendingTopup(40_000);
    const deny = signed({ order_id: order.orderId, status_code: "202", gross_amount: "40000.00", transaction_status: "deny" });
    expect(await notify(deny)).toBe(200);
    expect(await snapshot(user.id)).toMatchObject({ wallet: { balance: 0 }, orders: [{ status: "failed" }] });
  });
});

describe("expirePendingOrders", () => {
  it("expires pending orders past their time and nothing else", async () => {
    const user = await member();
    const now = new Date();
    const due = await createPaymentOrder(deps, { user, request: { kind: "topup", amount: 10_000 }, publicOrigin: "https://f.example", now: new Date(now.getTime() - 2 * 3_600_000) });
    const fresh = await createPaymentOrder(deps, { user, request: { kind: "topup", amount: 10_000 }, publicOrigin: "https://f.example" });
    expect(await expirePendingOrders(now)).toBeGreaterThanOrEqual(1);
    expect((await PaymentOrderModel.findOne({ orderId: due.orderId }).lean())?.status).toBe("expired");
    expect((await PaymentOrderModel.findOne({ orderId: fresh.orderId }).lean())?.status).toBe("pending");
  });
});

describe("wallet and payment procedures", () => {
  it("buys exactly 20 of 50 concurrent packages from a balance covering 20", async () => {
    const user = await member();
    const order = await createPaymentOrder(deps, { user, request: { kind: "topup", amount: 1_000_000 }, publicOrigin: "https://f.example" });
    expect(await notify(settlement(order.orderId, 1_000_000))).toBe(200);
    const caller = testCaller(db.prisma, user);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => caller.wallet.buyPackage({ packageId: "starter", requestKey: `buy-${user.id}-${i}` })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(20);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "PAYMENT_REQUIRED", message: expect.stringMatching(/^Saldo tidak cukup/) });
    }
    expect(await caller.wallet.get()).toMatchObject({ balance: 0, tokenBalance: 10_000 + 20 * 10_500 });
    expect(await caller.wallet.ledgerCheck()).toMatchObject({ matches: true, pendingEntries: 0 });
    const balances = (await TransactionModel.find({ userId: user.id, status: "applied" }).lean()).map((e) => e.balanceAfter!);
    expect(Math.min(...balances)).toBe(0);
  }, 60_000);

  it("buys once per request key", async () => {
    const user = await member();
    const order = await createPaymentOrder(deps, { user, request: { kind: "topup", amount: 200_000 }, publicOrigin: "https://f.example" });
    await notify(settlement(order.orderId, 200_000));
    const caller = testCaller(db.prisma, user);
    await caller.wallet.buyPackage({ packageId: "starter", requestKey: "same-key-1" });
    await caller.wallet.buyPackage({ packageId: "starter", requestKey: "same-key-1" });
    expect(await caller.wallet.get()).toMatchObject({ balance: 150_000, tokenBalance: 20_500 });
    await expect(caller.wallet.buyPackage({ packageId: "nope", requestKey: "same-key-2" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("never shows or changes another member's wallet, orders or history", async () => {
    const owner = await member();
    const other = await member();
    const order = await createPaymentOrder(deps, { user: owner, request: { kind: "topup", amount: 60_000 }, publicOrigin: "https://f.example" });
    await notify(settlement(order.orderId, 60_000));
    const ownerCaller = testCaller(db.prisma, owner);
    const otherCaller = testCaller(db.prisma, other);
    const ownerEntry = (await ownerCaller.wallet.history({})).items[0]!;
    expect(await ownerCaller.wallet.transaction({ id: ownerEntry.id })).toMatchObject({ amount: 60_000 });
    expect(await ownerCaller.payment.get({ orderId: order.orderId })).toMatchObject({ status: "success" });

    await expect(otherCaller.wallet.transaction({ id: ownerEntry.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(otherCaller.payment.get({ orderId: order.orderId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await otherCaller.payment.list({})).items).toEqual([]);
    expect(await otherCaller.wallet.get()).toMatchObject({ balance: 0, userId: other.id });
    expect((await otherCaller.wallet.history({})).items.map((e) => e.type)).toEqual(["welcome_grant"]);
    expect(await ownerCaller.wallet.get()).toMatchObject({ balance: 60_000 });

    await expect(testCaller(db.prisma).wallet.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(ownerCaller.admin.wallets.mismatches()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("pages and filters the history", async () => {
    const user = await member();
    for (const amount of [10_000, 20_000, 30_000]) {
      const order = await createPaymentOrder(deps, { user, request: { kind: "topup", amount }, publicOrigin: "https://f.example" });
      await notify(settlement(order.orderId, amount));
    }
    const caller = testCaller(db.prisma, user);
    const first = await caller.wallet.history({ limit: 2 });
    expect(first.items.map((e) => e.amount)).toEqual([30_000, 20_000]);
    const second = await caller.wallet.history({ limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((e) => e.amount)).toEqual([10_000, 0]);
    expect(second.nextCursor).toBeNull();
    expect((await caller.wallet.history({ type: "welcome_grant" })).items).toHaveLength(1);
    expect((await caller.wallet.history({ direction: "out" })).items).toEqual([]);
    await expect(caller.wallet.history({ cursor: "bad" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("built-in sandbox gateway", () => {
  it("serves the Snap API and a payment page whose approval credits the order", async () => {
    const sandboxDeps: PaymentDeps = { ...deps, env: parseEnv({ NODE_ENV: "test", REDIS_URL: "" }) };
    const app = express();
    app.use(paymentRoutes(sandboxDeps));
    const origin = await listen(app);
    const user = await member();
    const order = await createPaymentOrder(sandboxDeps, { user, request: { kind: "package", packageId: "starter" }, publicOrigin: origin });
    expect(order.redirectUrl).toMatch(new RegExp(`^${origin}/sandbox-gateway/pay/`));
    const page = await fetch(order.redirectUrl!);
    expect(await page.text()).toContain("Rp 50.000");
    const approved = await fetch(order.redirectUrl!, {
      method: "POST",
      body: new URLSearchParams({ decision: "approve" }),
      redirect: "manual",
    });
    expect(approved.status).toBe(303);
    expect(approved.headers.get("location")).toContain(`/dompet?pesanan=${order.orderId}`);
    expect(await getWallet(sandboxDeps, user.id)).toMatchObject({ tokenBalance: 20_500 });
    // Decided once: the page is gone.
    expect((await fetch(order.redirectUrl!)).status).toBe(404);
    const wrongKey = await fetch(`${origin}/sandbox-gateway/snap/v1/transactions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from("x:").toString("base64")}` },
      body: "{}",
    });
    expect(wrongKey.status).toBe(401);

    // Anyone may call the sandbox: it sends nothing to other hosts and sends nobody elsewhere.
    const second = await createPaymentOrder(sandboxDeps, { user, request: { kind: "topup", amount: 10_000 }, publicOrigin: origin });
    const foreign = await fetch(`${origin}/sandbox-gateway/snap/v1/transactions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Basic ${Buffer.from(`${SANDBOX_SERVER_KEY}:`).toString("base64")}`,
        "x-override-notification": "http://10.0.0.1/steal",
      },
      body: JSON.stringify({
        transaction_details: { order_id: second.orderId, gross_amount: 10_000 },
        callbacks: { finish: "https://evil.example/phish" },
      }),
    });
    const { redirect_url } = (await foreign.json()) as { redirect_url: string };
    const replayed = await fetch(redirect_url, { method: "POST", body: new URLSearchParams({ decision: "approve" }), redirect: "manual" });
    expect(replayed.headers.get("location")).toMatch(new RegExp(`^${origin}/dompet\\?`));
    expect(await getWallet(sandboxDeps, user.id)).toMatchObject({ tokenBalance: 20_500, balance: 10_000 });
    // The approved order has no open payment page any more: the sandbox refuses to open another.
    const again = await fetch(`${origin}/sandbox-gateway/snap/v1/transactions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`${SANDBOX_SERVER_KEY}:`).toString("base64")}` },
      body: JSON.stringify({ transaction_details: { order_id: order.orderId, gross_amount: 50_000 } }),
    });
    expect(again.status).toBe(404);
    expect(SANDBOX_SERVER_KEY).not.toBe(SERVER_KEY);
  });
});

/** A logger keeping its JSON lines, to check that a refusal is logged. */
function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

/** The webhook (and sandbox, when on) of its own, so throttles and logs are not shared between tests. */
async function ownApp(envSource: Record<string, string>) {
  const { logger, lines } = recordingLogger();
  const app = express();
  const origin = await listen(app);
  // Production wants the public origin configured: the server's own.
  const own: PaymentDeps = { prisma: db.prisma, env: parseEnv({ REDIS_URL: "", APP_URL: origin, ...envSource }), logger };
  app.use(paymentRoutes(own));
  const post = async (body: object, headers: Record<string, string> = {}) =>
    (
      await fetch(`${origin}${NOTIFICATION_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      })
    ).status;
  return { deps: own, origin, post, lines };
}

describe("status_code is bound to transaction_status", () => {
  it("refuses a signature made for another status code, logs it and credits nothing", async () => {
    const { deps: own, post, lines } = await ownApp({ NODE_ENV: "test", MIDTRANS_SERVER_KEY: SERVER_KEY, PAYMENT_GATEWAY_URL: deps.env.PAYMENT_GATEWAY_URL! });
    const user = await member();
    const order = await createPaymentOrder(own, { user, request: { kind: "topup", amount: 70_000 }, publicOrigin: "https://f.example" });
    const fields = (status_code: string, transaction_status: string) =>
      signed({ order_id: order.orderId, status_code, gross_amount: "70000.00", transaction_status });
    // A genuine pending notification (201), its transaction_status rewritten: the signature still holds.
    const pending = fields("201", "pending");
    expect(await post(pending)).toBe(200);
    const before = await snapshot(user.id);
    expect(await post({ ...pending, transaction_status: "settlement" })).toBe(403);
    expect(await post({ ...pending, transaction_status: "capture", fraud_status: "accept" })).toBe(403);
    // A challenged capture is 201; signed as 200 it is a lie, and fraud_status is not signed at all.
    expect(await post({ ...fields("200", "capture"), fraud_status: "challenge" })).toBe(403);
    expect(await post({ ...fields("200", "capture"), fraud_status: "deny" })).toBe(403);
    expect(await post(fields("201", "settlement"))).toBe(403);
    expect(await post(fields("200", "deny"))).toBe(403);
    expect(await post(fields("200", "made_up"))).toBe(403);
    expect(await snapshot(user.id)).toEqual(before);
    expect(before.orders).toMatchObject([{ status: "pending" }]);
    const refusals = lines.filter((line) => line.msg === "payment notification refused" && line.reason === "status_code");
    expect(refusals).toHaveLength(7);

    // The real pairs: a challenged capture stays pending, then the settlement credits.
    expect(await post({ ...fields("201", "capture"), fraud_status: "challenge" })).toBe(200);
    expect((await snapshot(user.id)).wallet.balance).toBe(0);
    expect(await post(fields("200", "settlement"))).toBe(200);
    expect(await post(fields("200", "settlement"))).toBe(200);
    const after = await snapshot(user.id);
    expect(after.wallet.balance).toBe(70_000);
    expect(after.orders).toMatchObject([{ status: "success" }]);
    expect((await checkWalletLedger(after.wallet.walletId))?.matches).toBe(true);
  });

  it("accepts every pair Midtrans sends for an unpaid outcome", async () => {
    const { deps: own, post } = await ownApp({ NODE_ENV: "test", MIDTRANS_SERVER_KEY: SERVER_KEY, PAYMENT_GATEWAY_URL: deps.env.PAYMENT_GATEWAY_URL! });
    const user = await member();
    for (const [transaction_status, status_code, expected] of [
      ["deny", "202", "failed"],
      ["cancel", "202", "failed"],
      ["expire", "202", "expired"],
      ["expire", "407", "expired"],
      ["failure", "202", "failed"],
    ] as const) {
      const order = await createPaymentOrder(own, { user, request: { kind: "topup", amount: 10_000 }, publicOrigin: "https://f.example" });
      expect(await post(signed({ order_id: order.orderId, status_code, gross_amount: "10000.00", transaction_status }))).toBe(200);
      expect((await PaymentOrderModel.findOne({ orderId: order.orderId }).lean())?.status).toBe(expected);
    }
    expect((await getWallet(own, user.id)).balance).toBe(0);
  });
});

describe("which gateway takes payments", () => {
  it("is the sandbox only by explicit choice in production, Midtrans with a key, else off", () => {
    const site = { APP_URL: "https://forum.example" };
    expect(paymentGatewayOf(parseEnv({ ...site }))).toBe("off");
    expect(paymentGatewayOf(parseEnv({ ...site, NODE_ENV: "production" }))).toBe("off");
    expect(paymentGatewayOf(parseEnv({ ...site, NODE_ENV: "production", PAYMENT_GATEWAY: "sandbox" }))).toBe("sandbox");
    expect(paymentGatewayOf(parseEnv({ NODE_ENV: "development" }))).toBe("sandbox");
    expect(paymentGatewayOf(parseEnv({ NODE_ENV: "test" }))).toBe("sandbox");
    expect(paymentGatewayOf(parseEnv({ NODE_ENV: "test", PAYMENT_GATEWAY: "off" }))).toBe("off");
    expect(paymentGatewayOf(parseEnv({ ...site, NODE_ENV: "production", MIDTRANS_SERVER_KEY: "k" }))).toBe("midtrans");
    // Asked for Midtrans without its key: off, never the sandbox.
    expect(paymentGatewayOf(parseEnv({ NODE_ENV: "development", PAYMENT_GATEWAY: "midtrans" }))).toBe("off");
    expect(() => parseEnv({ ...site, PAYMENT_GATEWAY: "free-money" })).toThrow(/PAYMENT_GATEWAY/);
  });

  it("in production with nothing configured: no sandbox, no order, and a sandbox-signed settlement credits nothing", async () => {
    const { deps: own, origin, post, lines } = await ownApp({ NODE_ENV: "production" });
    expect(lines.some((line) => line.level === 40 && String(line.msg).includes("top-ups are off"))).toBe(true);
    const user = await member();
    await expect(
      createPaymentOrder(own, { user, request: { kind: "topup", amount: 50_000 }, publicOrigin: origin }),
    ).rejects.toThrow(PaymentRequestError);
    await expect(
      createPaymentOrder(own, { user, request: { kind: "topup", amount: 50_000 }, publicOrigin: origin }),
    ).rejects.toThrow(/dinonaktifkan/);
    // An unpaid order left from when the sandbox was on: the public key must not settle it now.
    const stale = await PaymentOrderModel.create({
      orderId: `pay_stale_${user.id}`,
      userId: user.id,
      kind: "topup",
      grossAmount: 50_000,
      gateway: "sandbox",
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    const forged = signed({ order_id: stale.orderId, status_code: "200", gross_amount: "50000.00", transaction_status: "settlement" }, SANDBOX_SERVER_KEY);
    expect(await post(forged)).toBe(503);
    expect((await getWallet(own, user.id)).balance).toBe(0);
    expect((await PaymentOrderModel.findOne({ orderId: stale.orderId }).lean())?.status).toBe("pending");
    expect(lines.some((line) => line.msg === "payment notification refused" && line.reason === "payments_off")).toBe(true);
    expect((await fetch(`${origin}/sandbox-gateway/pay/anything`)).status).toBe(404);
    const snap = await fetch(`${origin}/sandbox-gateway/snap/v1/transactions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`${SANDBOX_SERVER_KEY}:`).toString("base64")}` },
      body: JSON.stringify({ transaction_details: { order_id: stale.orderId, gross_amount: 50_000 } }),
    });
    expect(snap.status).toBe(404);
  });

  it("never lets the public sandbox key settle an order made with Midtrans", async () => {
    const { post } = await ownApp({ NODE_ENV: "production", PAYMENT_GATEWAY: "sandbox" });
    const user = await member();
    const real = await createPaymentOrder(deps, { user, request: { kind: "topup", amount: 80_000 }, publicOrigin: "https://f.example" });
    const forged = signed({ order_id: real.orderId, status_code: "200", gross_amount: "80000.00", transaction_status: "settlement" }, SANDBOX_SERVER_KEY);
    // Without the Midtrans key nothing about a Midtrans order can be verified: refused for now
    // (503, so the real gateway retries once the key is back), never settled by the public key.
    expect(await post(forged)).toBe(503);
    expect((await getWallet(deps, user.id)).balance).toBe(0);
    expect((await PaymentOrderModel.findOne({ orderId: real.orderId }).lean())?.status).toBe("pending");
    // With the key configured beside the sandbox, the forgery is a forgery.
    const withKey = await ownApp({ NODE_ENV: "production", PAYMENT_GATEWAY: "sandbox", MIDTRANS_SERVER_KEY: SERVER_KEY });
    expect(await withKey.post(forged)).toBe(403);
    expect((await getWallet(deps, user.id)).balance).toBe(0);
  });

  it("still credits a paid Midtrans order after the operator switched the gateway to the sandbox or off", async () => {
    const user = await member();
    const orders = [
      await createPaymentOrder(deps, { user, request: { kind: "topup", amount: 30_000 }, publicOrigin: "https://f.example" }),
      await createPaymentOrder(deps, { user, request: { kind: "topup", amount: 40_000 }, publicOrigin: "https://f.example" }),
    ];
    for (const [order, gateway] of [[orders[0]!, "sandbox"], [orders[1]!, "off"]] as const) {
      const { post } = await ownApp({ NODE_ENV: "production", PAYMENT_GATEWAY: gateway, MIDTRANS_SERVER_KEY: SERVER_KEY });
      const paid = signed(
        { order_id: order.orderId, status_code: "200", gross_amount: `${order.grossAmount}.00`, transaction_status: "settlement" },
        SERVER_KEY,
      );
      expect(await post(paid), gateway).toBe(200);
    }
    expect((await getWallet(deps, user.id)).balance).toBe(70_000);
  });

  it("marks sandbox money as test money in the ledger and the history, and real money not", async () => {
    const { deps: own, origin } = await ownApp({ NODE_ENV: "production", PAYMENT_GATEWAY: "sandbox" });
    const user = await member();
    const order = await createPaymentOrder(own, { user, request: { kind: "topup", amount: 20_000 }, publicOrigin: origin });
    const approved = await fetch(order.redirectUrl!, { method: "POST", body: new URLSearchParams({ decision: "approve" }), redirect: "manual" });
    expect(approved.status).toBe(303);
    const entry = await TransactionModel.findOne({ userId: user.id, type: "topup" }).lean();
    expect(entry).toMatchObject({ amount: 20_000, testMoney: true });
    const history = await listLedger({ userId: user.id, limit: 10 });
    expect(history.items.map((item) => [item.type, item.testMoney])).toEqual([
      ["topup", true],
      ["welcome_grant", false],
    ]);
    const wallet = await getWallet(own, user.id);
    expect(wallet.balance).toBe(20_000);
    expect((await checkWalletLedger(wallet.walletId))?.matches).toBe(true);

    const payer = await member();
    const real = await createPaymentOrder(deps, { user: payer, request: { kind: "topup", amount: 20_000 }, publicOrigin: "https://f.example" });
    expect(await notify(settlement(real.orderId, 20_000))).toBe(200);
    expect(await TransactionModel.findOne({ userId: payer.id, type: "topup" }).lean()).toMatchObject({ testMoney: false });
  });
});

describe("test money credited before the ledger could say so", () => {
  it("is marked from its order's gateway by the expiry job, once", async () => {
    const { deps: own, origin } = await ownApp({ NODE_ENV: "test" });
    const user = await member();
    const sandboxOrder = await createPaymentOrder(own, { user, request: { kind: "topup", amount: 10_000 }, publicOrigin: origin });
    await fetch(sandboxOrder.redirectUrl!, { method: "POST", body: new URLSearchParams({ decision: "approve" }), redirect: "manual" });
    const realOrder = await createPaymentOrder(deps, { user, request: { kind: "topup", amount: 20_000 }, publicOrigin: "https://f.example" });
    expect(await notify(settlement(realOrder.orderId, 20_000))).toBe(200);
    // As entries written before the field existed look.
    await TransactionModel.collection.updateMany({ userId: user.id }, { $unset: { testMoney: "" } });
    expect(await markLegacySandboxCredits()).toBeGreaterThanOrEqual(1);
    const marks = await TransactionModel.find({ userId: user.id }, { type: 1, amount: 1, testMoney: 1 }).sort({ amount: 1 }).lean();
    expect(marks.map((entry) => [entry.amount, entry.testMoney])).toEqual([
      [0, false],
      [10_000, true],
      [20_000, false],
    ]);
    expect(await TransactionModel.countDocuments({ userId: user.id, testMoney: { $exists: false } })).toBe(0);
    const wallet = await getWallet(own, user.id);
    expect((await checkWalletLedger(wallet.walletId))?.matches).toBe(true);
  });
});

describe("sandbox gateway memory", () => {
  it("opens transactions only for pending sandbox orders, with bounded fields", async () => {
    const { deps: own, origin } = await ownApp({ NODE_ENV: "test" });
    const snap = (body: object) =>
      fetch(`${origin}/sandbox-gateway/snap/v1/transactions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`${SANDBOX_SERVER_KEY}:`).toString("base64")}` },
        body: JSON.stringify(body),
      });
    const huge = "x".repeat(31_000);
    const unknown = await snap({ transaction_details: { order_id: "pay_does_not_exist", gross_amount: 10_000 }, item_details: [{ name: huge, price: 1, quantity: 1 }] });
    expect(unknown.status).toBe(404);
    const user = await member();
    const order = await createPaymentOrder(own, { user, request: { kind: "topup", amount: 10_000 }, publicOrigin: origin });
    const wrongAmount = await snap({ transaction_details: { order_id: order.orderId, gross_amount: 9_999 } });
    expect(wrongAmount.status).toBe(404);
    // The worst the 32 kB body limit allows: one name of 31,000 characters, or many items.
    for (const item_details of [
      [{ name: huge, price: 1, quantity: 1 }],
      Array.from({ length: 60 }, () => ({ name: "y".repeat(400), price: 1, quantity: 1 })),
    ]) {
      const big = await snap({
        transaction_details: { order_id: order.orderId, gross_amount: 10_000 },
        item_details,
        callbacks: { finish: `${origin}/${"z".repeat(1_200)}` },
        expiry: { duration: 10_000_000 },
      });
      expect(big.status).toBe(201);
      const { redirect_url } = (await big.json()) as { redirect_url: string };
      const html = await (await fetch(redirect_url)).text();
      expect(html).toContain("Rp 10.000");
      expect(html.length).toBeLessThan(6_000);
    }
  });

  it("survives hostile fields: null items and a finish URL that does not parse neither crash nor leave the site", async () => {
    const { deps: own, origin } = await ownApp({ NODE_ENV: "test" });
    const user = await member();
    const order = await createPaymentOrder(own, { user, request: { kind: "topup", amount: 10_000 }, publicOrigin: origin });
    const created = await fetch(`${origin}/sandbox-gateway/snap/v1/transactions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`${SANDBOX_SERVER_KEY}:`).toString("base64")}` },
      body: JSON.stringify({
        transaction_details: { order_id: order.orderId, gross_amount: 10_000 },
        item_details: [null, "x", 7, { name: "Top up", price: 10_000, quantity: 1 }],
        callbacks: { finish: "http://[" },
      }),
    });
    expect(created.status).toBe(201);
    const { redirect_url } = (await created.json()) as { redirect_url: string };
    const page = await fetch(redirect_url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Top up");
    const decided = await fetch(redirect_url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin },
      body: "decision=approve",
      redirect: "manual",
    });
    expect(decided.status).toBe(303);
    expect(decided.headers.get("location")).toMatch(new RegExp(`^${origin}/dompet\\?order_id=`));
    // The server still answers (nothing went unhandled), and the decided page is gone.
    expect((await fetch(redirect_url)).status).toBe(404);
  });

  it("keeps at most maxEntries, forgets decided and expired ones, one entry per order", () => {
    let now = 1_000_000;
    const store = new SandboxStore({ maxEntries: 3, now: () => now });
    const entry = (orderId: string, minutes = 60) => ({
      orderId,
      grossAmount: 10_000,
      items: [],
      notificationUrl: "http://127.0.0.1/n",
      finishUrl: "/",
      expiresAt: now + minutes * 60_000,
    });
    const first = store.add(entry("a"));
    store.add(entry("b"));
    store.add(entry("c"));
    store.add(entry("d"));
    expect(store.size).toBe(3);
    expect(store.open(first)).toBeUndefined();
    // A second transaction for the same order replaces the first.
    const e1 = store.add(entry("e"));
    const e2 = store.add(entry("e"));
    expect(store.size).toBe(3);
    expect(store.open(e1)).toBeUndefined();
    expect(store.take(e2)?.orderId).toBe("e");
    expect(store.take(e2)).toBeUndefined();
    expect(store.size).toBe(2);
    const short = store.add(entry("f", 1));
    now += 2 * 60_000;
    expect(store.open(short)).toBeUndefined();
    store.add(entry("g"));
    // Expired entries are swept on the next insert, even ones never looked at again.
    expect(store.size).toBeLessThanOrEqual(3);
    expect(store.bytes).toBeLessThan(3 * 8_000);
  });
});

describe("security events from anonymous requests", () => {
  it("writes a bounded number of rows for a flood of forged notifications, whatever X-Forwarded-For says", async () => {
    const { deps: own, post } = await ownApp({ NODE_ENV: "test", MIDTRANS_SERVER_KEY: SERVER_KEY, PAYMENT_GATEWAY_URL: deps.env.PAYMENT_GATEWAY_URL! });
    const user = await member();
    const order = await createPaymentOrder(own, { user, request: { kind: "topup", amount: 10_000 }, publicOrigin: "https://f.example" });
    const forged = { ...settlement(order.orderId, 10_000), signature_key: "cd".repeat(64) };
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => post(forged, { "x-forwarded-for": `203.0.113.${i}` })),
    );
    expect(answers.every((status) => status === 403)).toBe(true);
    const rows = await db.prisma.securityEvent.count({ where: { userId: user.id, eventType: "payment_signature_invalid" } });
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThanOrEqual(10);
    expect((await getWallet(own, user.id)).balance).toBe(0);
  });
});
