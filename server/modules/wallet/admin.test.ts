import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminActor } from "../staff-log/service.ts";
import { createForumTestDatabase, createTestAdmin, forumFixtures, testCaller } from "../../testing/forum.ts";
import { connectTestMongo, type TestMongo } from "../../testing/mongo.ts";
import { PaymentOrderModel } from "../payment/payment-order.model.ts";
import { applyLedgerEntry, getWallet } from "./service.ts";
import { WalletStateModel } from "./wallet.model.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: TestMongo;
let admin: AdminActor;
let ani: { id: number; username: string };
let bayu: { id: number; username: string };
let aniWallet: string;
let bayuWallet: string;

const deps = { env: { WALLET_WELCOME_TOKENS: 1_000 } };

beforeAll(async () => {
  [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  admin = await createTestAdmin(db.prisma);
  ani = await forumFixtures(db.prisma).user({ username: "ani_dompet" });
  bayu = await forumFixtures(db.prisma).user({ username: "bayu_dompet" });
  aniWallet = (await getWallet(deps, ani.id)).walletId;
  for (let i = 1; i <= 3; i++) {
    await applyLedgerEntry(deps, { userId: ani.id, type: "topup", amount: i * 10_000, tokenAmount: 0, description: `Top up ${i}`, reference: null, idempotencyKey: `topup:ani:${i}` });
  }
  bayuWallet = (await getWallet(deps, bayu.id)).walletId;
  // A copy that disagrees with its ledger: a head state no entry explains.
  const head = await WalletStateModel.findOne({ walletId: bayuWallet }).sort({ version: -1 }).lean();
  await WalletStateModel.create({ walletId: bayuWallet, userId: bayu.id, version: head!.version + 1, changeKey: "manual:tamper", balance: 999, tokenBalance: head!.tokenBalance, reservations: [] });
  const order = (userId: number, n: number, status: string, gateway: string) => ({
    orderId: `pay_admin_${userId}_${n}`, userId, kind: "topup", grossAmount: 10_000 * n, status, gateway,
    snapToken: "rahasia-snap", redirectUrl: "https://pay.example/x", expiresAt: new Date(Date.now() + 3_600_000),
  });
  await PaymentOrderModel.create([order(ani.id, 1, "success", "sandbox"), order(ani.id, 2, "pending", "midtrans"), order(bayu.id, 3, "failed", "sandbox")]);
});
afterAll(async () => {
  await Promise.all([db?.close(), mongo?.drop()]);
});

const staff = () => testCaller(db.prisma, null, { admin });

describe("admin.wallets and admin.payments", () => {
  it("are refused to members, the owner included, and visitors", async () => {
    for (const caller of [testCaller(db.prisma, ani), testCaller(db.prisma)]) {
      await expect(caller.admin.wallets.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.admin.wallets.get({ walletId: aniWallet })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.admin.wallets.ledger({ walletId: aniWallet })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.admin.wallets.mismatches()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.admin.payments.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.admin.payments.get({ orderId: `pay_admin_${ani.id}_1` })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("lists wallets newest first with username, balances and the ledger check per wallet", async () => {
    const page = await staff().admin.wallets.list({});
    expect(page.items.map((row) => row.username)).toEqual(["bayu_dompet", "ani_dompet"]);
    expect(page.items[1]).toMatchObject({ walletId: aniWallet, balance: 60_000, ledgerBalance: 60_000, tokenBalance: 1_000, matches: true, reservedTokens: 0 });
    expect(page.items[0]).toMatchObject({ walletId: bayuWallet, balance: 999, ledgerBalance: 0, matches: false });
    expect((await staff().admin.wallets.list({ username: "ANI" })).items.map((row) => row.walletId)).toEqual([aniWallet]);
    expect((await staff().admin.wallets.list({ username: "%" })).items).toEqual([]);
    const first = await staff().admin.wallets.list({ limit: 1 });
    const second = await staff().admin.wallets.list({ limit: 1, cursor: first.nextCursor! });
    expect([first.items[0]?.walletId, second.items[0]?.walletId, second.nextCursor]).toEqual([bayuWallet, aniWallet, null]);
    expect((await staff().admin.wallets.mismatches()).map((row) => row.walletId)).toEqual([bayuWallet]);
  });

  it("shows one wallet and pages its ledger; an unknown or malformed id is NOT_FOUND / BAD_REQUEST", async () => {
    expect(await staff().admin.wallets.get({ walletId: aniWallet })).toMatchObject({ username: "ani_dompet", matches: true });
    const first = await staff().admin.wallets.ledger({ walletId: aniWallet, limit: 2 });
    const second = await staff().admin.wallets.ledger({ walletId: aniWallet, limit: 2, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((entry) => entry.type)).toEqual(["topup", "topup", "topup", "welcome_grant"]);
    await expect(staff().admin.wallets.get({ walletId: "wal_01ARZ3NDEKTSV4RRFFQ69G5FAV" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(staff().admin.wallets.get({ walletId: "bukan" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("lists payment orders newest first, filters by status and gateway, shows one, never its Snap token", async () => {
    const all = await staff().admin.payments.list({});
    expect(all.items.map((row) => row.orderId)).toEqual([`pay_admin_${bayu.id}_3`, `pay_admin_${ani.id}_2`, `pay_admin_${ani.id}_1`]);
    expect(all.items[0]).toMatchObject({ username: "bayu_dompet", status: "failed", gateway: "sandbox", grossAmount: 30_000 });
    expect(JSON.stringify(all)).not.toContain("rahasia-snap");
    expect((await staff().admin.payments.list({ status: "success" })).items.map((row) => row.orderId)).toEqual([`pay_admin_${ani.id}_1`]);
    expect((await staff().admin.payments.list({ gateway: "midtrans" })).items.map((row) => row.orderId)).toEqual([`pay_admin_${ani.id}_2`]);
    const page = await staff().admin.payments.list({ limit: 2 });
    expect((await staff().admin.payments.list({ limit: 2, cursor: page.nextCursor! })).items).toHaveLength(1);
    const one = await staff().admin.payments.get({ orderId: `pay_admin_${ani.id}_2` });
    expect(one).toMatchObject({ username: "ani_dompet", status: "pending", gateway: "midtrans" });
    expect(one).not.toHaveProperty("snapToken");
    expect(one).not.toHaveProperty("redirectUrl");
    await expect(staff().admin.payments.get({ orderId: "tidak-ada" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(staff().admin.payments.list({ status: "refunded" as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
