import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createForumTestDatabase, createTestAdmin, forumFixtures, testCaller } from "../../testing/forum.ts";
import { connectTestMongo, type TestMongo } from "../../testing/mongo.ts";
import { ReportModel } from "../moderation/report.model.ts";
import { PaymentOrderModel } from "../payment/payment-order.model.ts";
import { ReplyModel } from "../reply/reply.model.ts";
import { TransactionModel } from "../wallet/wallet.model.ts";
import { getDashboard, jakartaDay } from "./service.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: TestMongo;

// 17:00 in Jakarta on 15 June: the window is 17 May 00:00 to now, Jakarta time.
const now = new Date("2026-06-15T10:00:00Z");
const lastSecondOf14th = new Date("2026-06-14T16:59:59Z"); // 23:59:59 on the 14th in Jakarta
const firstSecondOf15th = new Date("2026-06-14T17:00:00Z"); // 00:00:00 on the 15th in Jakarta
const beforeWindow = new Date("2026-05-16T16:59:59Z"); // 23:59:59 on 16 May in Jakarta
const firstDay = new Date("2026-05-16T17:00:00Z"); // 00:00 on 17 May in Jakarta

beforeAll(async () => {
  [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  const fixtures = forumFixtures(db.prisma);
  const make = (username: string, createdAt: Date) => db.prisma.user.create({ data: { username, email: `${username}@contoh.id`, createdAt } });
  const author = await make("lama", beforeWindow);
  await make("malam", lastSecondOf14th);
  await make("pagi", firstSecondOf15th);
  await make("sore", new Date("2026-06-15T09:00:00Z"));
  await make("awal", firstDay);
  const category = await fixtures.category();
  await fixtures.thread({ categoryId: category.id, authorId: author.id, createdAt: lastSecondOf14th });
  await fixtures.thread({ categoryId: category.id, authorId: author.id, createdAt: firstSecondOf15th, isDeleted: true });

  const reply = (createdAt: Date) => ({ threadId: 1, userId: author.id, content: "x", createdAt, updatedAt: createdAt });
  // Written past Mongoose, so their createdAt is the one given.
  await ReplyModel.collection.insertMany([reply(lastSecondOf14th), reply(firstSecondOf15th), reply(new Date("2026-06-15T01:00:00Z")), reply(beforeWindow)]);
  const report = (id: string, createdAt: Date, status: string) => ({ targetId: id, reporterId: author.id, targetType: "thread", reason: "spam", status, createdAt });
  await ReportModel.collection.insertMany([
    report("rpt_a", firstSecondOf15th, "pending"),
    report("rpt_b", lastSecondOf14th, "resolved"),
    report("rpt_c", beforeWindow, "pending"),
  ]);
  const order = (id: string, paidAt: Date | null, status: string, grossAmount: number) => ({
    orderId: id, userId: author.id, kind: "topup", grossAmount, status, gateway: "sandbox", paidAt, createdAt: paidAt ?? now, expiresAt: now,
  });
  await PaymentOrderModel.collection.insertMany([
    order("pay_1", firstSecondOf15th, "success", 50_000),
    order("pay_2", new Date("2026-06-15T05:00:00Z"), "success", 25_000),
    order("pay_3", lastSecondOf14th, "success", 10_000),
    order("pay_4", null, "pending", 99_000),
    order("pay_5", new Date("2026-06-15T05:00:00Z"), "failed", 77_000),
  ]);
  const entry = (id: string, createdAt: Date, type: string, tokenAmount: number, status = "applied") => ({
    userId: author.id, walletId: "wal_x", type, amount: 0, tokenAmount, description: "x", idempotencyKey: id, status, createdAt,
  });
  await TransactionModel.collection.insertMany([
    entry("txn_1", firstSecondOf15th, "chat_usage", -120),
    entry("txn_2", new Date("2026-06-15T08:00:00Z"), "chat_usage", -30),
    entry("txn_3", lastSecondOf14th, "chat_usage", -7),
    entry("txn_4", firstSecondOf15th, "chat_usage", -500, "pending"),
    entry("txn_5", firstSecondOf15th, "token_purchase", 1_000),
  ]);
});
afterAll(async () => {
  await Promise.all([db?.close(), mongo?.drop()]);
});

describe("admin.dashboard", () => {
  it("is refused to members and visitors", async () => {
    const member = await db.prisma.user.findFirstOrThrow({ where: { username: "sore" } });
    await expect(testCaller(db.prisma, member).admin.dashboard()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(testCaller(db.prisma).admin.dashboard()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = await createTestAdmin(db.prisma);
    expect((await testCaller(db.prisma, null, { admin }).admin.dashboard()).days).toHaveLength(30);
  });

  it("names days in Asia/Jakarta", () => {
    expect(jakartaDay(lastSecondOf14th)).toBe("2026-06-14");
    expect(jakartaDay(firstSecondOf15th)).toBe("2026-06-15");
  });

  it("counts per Jakarta day over 30 zero-filled days, splitting at Jakarta midnight", async () => {
    const dashboard = await getDashboard({ prisma: db.prisma }, now);
    expect(dashboard.days).toHaveLength(30);
    expect(dashboard.days[0]!.day).toBe("2026-05-17");
    expect(dashboard.days.at(-1)!.day).toBe("2026-06-15");
    const byDay = new Map(dashboard.days.map((day) => [day.day, day]));
    expect(byDay.get("2026-06-15")).toEqual({
      day: "2026-06-15",
      signups: 2,
      threads: 1,
      replies: 2,
      reports: 1,
      payments: 2,
      paymentRupiah: 75_000,
      tokensSpent: 150,
    });
    expect(byDay.get("2026-06-14")).toEqual({
      day: "2026-06-14",
      signups: 1,
      threads: 1,
      replies: 1,
      reports: 1,
      payments: 1,
      paymentRupiah: 10_000,
      tokensSpent: 7,
    });
    expect(byDay.get("2026-05-17")).toMatchObject({ signups: 1, replies: 0 });
    const quiet = dashboard.days.filter((day) => !["2026-06-15", "2026-06-14", "2026-05-17"].includes(day.day));
    expect(quiet.every((day) => day.signups + day.threads + day.replies + day.reports + day.payments + day.tokensSpent === 0)).toBe(true);
    expect(dashboard.today).toEqual(byDay.get("2026-06-15"));
    // Open now, whenever filed.
    expect(dashboard.openReports).toBe(2);
  });
});
