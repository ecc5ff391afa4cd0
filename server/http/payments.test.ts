import { once } from "node:events";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../platform/logger.ts";
import { parseEnv } from "../platform/env.ts";
import { createForumTestDatabase, forumFixtures, testCaller } from "../testing/forum.ts";
import { connectTestMongo, type TestMongo } from "../testing/mongo.ts";
import { checkWalletLedger, getWallet } from "../modules/wallet/service.ts";
import { TransactionModel } from "../modules/wallet/wallet.model.ts";
import { paymentHttpRoutes } from "./payment-routes.ts";
import { PaymentGatewayError, notificationSignature } from "../modules/payment/midtrans.ts";
import { PaymentOrderModel } from "../modules/payment/payment-order.model.ts";
import { NOTIFICATION_PATH, SANDBOX_SERVER_KEY, createPaymentOrder, expirePendingOrders, type PaymentDeps } from "../modules/payment/service.ts";

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
  app.use(paymentHttpRoutes(deps));
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
    const statuses = ["pending", "settlement", "capture", "deny", "expire"] as const;
    const copies = Array.from({ length: 100 }, (_, i) => {
      const transaction_status = statuses[(i * 7) % statuses.length]!;
      return signed({ order_id: order.orderId, status_code: "200", gross_amount: "100000.00", transaction_status });
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
    const expire = signed({ order_id: order.orderId, status_code: "407", gross_amount: "30000.00", transaction_status: "expire" });
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
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringMatching(/^Saldo tidak cukup/) });
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
    await expect(ownerCaller.wallet.ledgerMismatches()).rejects.toMatchObject({ code: "FORBIDDEN" });
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
    app.use(paymentHttpRoutes(sandboxDeps));
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
    const foreign = await fetch(`${origin}/sandbox-gateway/snap/v1/transactions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Basic ${Buffer.from(`${SANDBOX_SERVER_KEY}:`).toString("base64")}`,
        "x-override-notification": "http://10.0.0.1/steal",
      },
      body: JSON.stringify({
        transaction_details: { order_id: order.orderId, gross_amount: 50_000 },
        callbacks: { finish: "https://evil.example/phish" },
      }),
    });
    const { redirect_url } = (await foreign.json()) as { redirect_url: string };
    const replayed = await fetch(redirect_url, { method: "POST", body: new URLSearchParams({ decision: "approve" }), redirect: "manual" });
    expect(replayed.headers.get("location")).toMatch(new RegExp(`^${origin}/dompet\\?`));
    expect(await getWallet(sandboxDeps, user.id)).toMatchObject({ tokenBalance: 20_500 });
    expect(SANDBOX_SERVER_KEY).not.toBe(SERVER_KEY);
  });
});
