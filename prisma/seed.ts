import { isEntryModule } from "../server/platform/entry-module.ts";
import { hashPassword } from "../server/modules/auth/password.ts";
import { ReactionModel } from "../server/modules/reaction/reaction.model.ts";
import { ReplyModel } from "../server/modules/reply/reply.model.ts";
import { contentTextOf } from "../server/modules/thread/content-text.ts";
import { applyLedgerEntry, getOrCreateWallet } from "../server/modules/wallet/service.ts";
import { env, type Env } from "../server/platform/env.ts";
import type { Prisma } from "../server/platform/db/postgres.ts";
import { badges, categories, demoPassword, threads, users, type DemoReply } from "./seed-data.ts";

const HOUR = 3_600_000;

export interface SeedOptions {
  prisma: Prisma;
  log?: (line: string) => void;
  /** Reference time for "hours ago"; fixed in tests. */
  now?: Date;
  /** The server's configuration (its runtime's); the environment's when run on its own. */
  config?: Env;
}

/**
 * Gives an empty forum demo content. Idempotent: everything is found by a natural key
 * (slug, email, thread + user, idempotency key) and only what is missing is created, so it
 * can run on every start. MongoDB must already be connected.
 */
export async function seedDemoData({ prisma, log = () => {}, now = new Date(), config }: SeedOptions) {
  for (const [orderIndex, category] of categories.entries()) {
    await prisma.category.upsert({
      where: { slug: category.slug },
      update: {},
      create: { ...category, orderIndex },
    });
  }

  const userIds = new Map<string, number>();
  const passwordHash = await hashPassword(demoPassword);
  for (const user of users) {
    const existing = await prisma.user.findUnique({ where: { email: user.email } });
    const saved =
      existing ??
      (await prisma.user.create({
        data: { ...user, passwordHash, isVerified: true, createdAt: new Date(now.getTime() - 90 * 24 * HOUR) },
      }));
    userIds.set(user.username, saved.id);
  }
  const idOf = (username: string) => {
    const id = userIds.get(username);
    if (id === undefined) throw new Error(`seed data names unknown user ${username}`);
    return id;
  };

  for (const badge of badges) {
    await prisma.badge.upsert({ where: { name: badge.name }, update: {}, create: badge });
  }
  const earlyBadge = await prisma.badge.findUniqueOrThrow({ where: { name: badges[0]!.name } });
  for (const username of ["demo", "budi_dev"]) {
    await prisma.userBadge.upsert({
      where: { userId_badgeId: { userId: idOf(username), badgeId: earlyBadge.id } },
      update: {},
      create: { userId: idOf(username), badgeId: earlyBadge.id, isPrimary: true },
    });
  }

  let created = 0;
  for (const demo of threads) {
    const category = await prisma.category.findUniqueOrThrow({ where: { slug: demo.category } });
    const authorId = idOf(demo.author);
    const postedAt = new Date(now.getTime() - demo.hoursAgo * HOUR);
    let thread = await prisma.thread.findFirst({ where: { slug: demo.slug, authorId } });
    if (!thread) {
      thread = await prisma.thread.create({
        data: {
          title: demo.title,
          slug: demo.slug,
          summary: demo.summary,
          contentJson: demo.content,
          contentText: contentTextOf(demo.content),
          categoryId: category.id,
          authorId,
          createdAt: postedAt,
          lastActivityAt: postedAt,
        },
      });
      created += 1;
    }
    const threadId = String(thread.id);

    if (demo.replies.length && !(await ReplyModel.exists({ threadId }))) {
      let count = 0;
      let last = postedAt;
      const insert = async (replies: DemoReply[], parentReplyId: string | null, depth: number) => {
        for (const reply of replies) {
          count += 1;
          last = new Date(postedAt.getTime() + count * 0.25 * HOUR);
          const [saved] = await ReplyModel.create([
            {
              threadId,
              userId: idOf(reply.author),
              username: reply.author,
              content: reply.content,
              parentReplyId,
              depth,
              createdAt: last,
              updatedAt: last,
            },
          ]);
          if (reply.replies) await insert(reply.replies, saved!._id, depth + 1);
        }
      };
      await insert(demo.replies, null, 0);
      await prisma.thread.update({ where: { id: thread.id }, data: { replyCount: count, lastActivityAt: last } });
    }

    for (const [username, type] of Object.entries(demo.reactions)) {
      await ReactionModel.updateOne(
        { threadId, userId: idOf(username) },
        { $setOnInsert: { type } },
        { upsert: true },
      );
    }
  }

  // The demo member's wallet through the wallet service: the welcome grant plus a rupiah
  // top-up, each a ledger entry whose idempotency key makes a second run a no-op.
  const demoId = idOf("demo");
  const walletDeps = { env: config ?? env() };
  await getOrCreateWallet(walletDeps, demoId);
  await applyLedgerEntry(walletDeps, {
    userId: demoId,
    type: "topup",
    amount: 150_000,
    tokenAmount: 0,
    description: "Top up saldo demo",
    reference: null,
    idempotencyKey: `seed-topup:${demoId}`,
  });

  log(created ? `seeded ${created} demo threads` : "demo data already present");
  log(`demo login: demo@alephdraad.local / ${demoPassword}`);
}

// `tsx prisma/seed.ts`: seed the configured databases.
if (isEntryModule(import.meta.url)) {
  const { createPostgres } = await import("../server/platform/db/postgres.ts");
  const { connectMongo, disconnectMongo } = await import("../server/platform/db/mongo.ts");
  const { syncMongoIndexes } = await import("../server/modules/mongo-models.ts");
  const config = env();
  const postgres = createPostgres({ url: config.DATABASE_URL, max: 2 });
  await connectMongo(config.MONGODB_URL);
  try {
    await syncMongoIndexes();
    await seedDemoData({ prisma: postgres.prisma, log: (line) => console.log(line) });
  } finally {
    await Promise.allSettled([postgres.close(), disconnectMongo()]);
  }
}
