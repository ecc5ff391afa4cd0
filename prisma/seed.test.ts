import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../server/modules/auth/password.ts";
import { ReactionModel } from "../server/modules/reaction/reaction.model.ts";
import { ReplyModel } from "../server/modules/reply/reply.model.ts";
import { TransactionModel, WalletModel } from "../server/modules/wallet/wallet.model.ts";
import { createForumTestDatabase } from "../server/testing/forum.ts";
import { connectTestMongo, type TestMongo } from "../server/testing/mongo.ts";
import { seedDemoData } from "./seed.ts";
import { categories, demoPassword, threads } from "./seed-data.ts";

let database: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: TestMongo;

beforeAll(async () => {
  database = await createForumTestDatabase();
  mongo = await connectTestMongo();
});

afterAll(async () => {
  await mongo?.drop();
  await database?.close();
});

async function counts() {
  const { prisma } = database;
  return {
    categories: await prisma.category.count(),
    users: await prisma.user.count(),
    threads: await prisma.thread.count(),
    badges: await prisma.userBadge.count(),
    replies: await ReplyModel.countDocuments(),
    reactions: await ReactionModel.countDocuments(),
    wallets: await WalletModel.countDocuments(),
    transactions: await TransactionModel.countDocuments(),
  };
}

describe("seedDemoData", () => {
  it("fills an empty forum, and a second run adds nothing", async () => {
    const lines: string[] = [];
    await seedDemoData({ prisma: database.prisma, log: (line) => lines.push(line) });
    const first = await counts();
    expect(first.categories).toBe(categories.length);
    expect(first.threads).toBe(threads.length);
    expect(first.replies).toBeGreaterThanOrEqual(8);
    expect(first.reactions).toBeGreaterThanOrEqual(10);
    expect(lines.join("\n")).toContain(`demo@alephdraad.local / ${demoPassword}`);

    await seedDemoData({ prisma: database.prisma });
    expect(await counts()).toEqual(first);
  });

  it("builds reply trees within the depth rule and keeps reply counts on threads", async () => {
    const rows = await database.prisma.thread.findMany();
    for (const thread of rows) {
      const replies = await ReplyModel.find({ threadId: String(thread.id) }).lean();
      expect(replies).toHaveLength(thread.replyCount);
      for (const reply of replies) {
        const parent = replies.find((candidate) => candidate._id === reply.parentReplyId);
        expect(reply.depth).toBe(parent ? parent.depth + 1 : 0);
      }
    }
    expect(await ReplyModel.exists({ depth: 3 })).toBeTruthy();
  });

  it("gives the demo member a wallet whose balances equal its ledger", async () => {
    const demo = await database.prisma.user.findUniqueOrThrow({ where: { email: "demo@alephdraad.local" } });
    expect(await verifyPassword(demo.passwordHash!, demoPassword)).toBe(true);
    const wallet = await WalletModel.findOne({ userId: demo.id }).lean();
    const ledger = await TransactionModel.find({ walletId: wallet!._id, status: "applied" }).lean();
    expect(wallet!.tokenBalance).toBe(ledger.reduce((sum, entry) => sum + entry.tokenAmount, 0));
    expect(wallet!.balance).toBe(ledger.reduce((sum, entry) => sum + entry.amount, 0));
    expect(wallet!.tokenBalance).toBe(10_000);
  });

  it("fills the full-text search column of every thread", async () => {
    const [row] = await database.prisma.$queryRaw<{ count: bigint }[]>`
      SELECT count(*) AS count FROM threads WHERE search_vector @@ websearch_to_tsquery('simple', 'remix')`;
    expect(Number(row!.count)).toBeGreaterThanOrEqual(1);
  });
});
