import { createLogger } from "../platform/logger.ts";
import { parseEnv } from "../platform/env.ts";
import { createPostgres, type Prisma } from "../platform/db/postgres.ts";
import type { Context } from "../trpc/context.ts";
import { createCaller } from "../trpc/root.ts";
import { connectTestMongo } from "./mongo.ts";
import { createMigratedTestDatabase } from "./postgres.ts";

/** A migrated PostgreSQL database of its own with a Prisma client on it; `close` drops it. */
export async function createForumTestDatabase() {
  const database = await createMigratedTestDatabase();
  const postgres = createPostgres({ url: database.url, max: 4 });
  return {
    prisma: postgres.prisma,
    async close() {
      await postgres.close();
      await database.drop();
    },
  };
}

/** The tRPC router called in-process as an anonymous visitor, like a Remix loader does. */
export function anonymousCaller(prisma: Prisma) {
  const context: Context = {
    prisma,
    logger: createLogger({ level: "silent" }),
    env: parseEnv({ NODE_ENV: "test" }),
    request: { headers: new Headers(), ip: null, requestId: "test" },
    user: null,
    isAdmin: false,
  };
  return createCaller(context);
}

let sequence = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++sequence}`;

/** Fixture rows with sensible defaults; each call makes a new, unique one. */
export function forumFixtures(prisma: Prisma) {
  return {
    user(data: { username?: string } = {}) {
      const username = data.username ?? unique("user");
      return prisma.user.create({ data: { username, email: `${username}@example.test` } });
    },
    category(data: { name?: string; slug?: string; orderIndex?: number; color?: string } = {}) {
      const slug = data.slug ?? unique("cat");
      return prisma.category.create({ data: { name: data.name ?? slug, slug, ...data } });
    },
    thread(data: {
      categoryId: number;
      authorId: number;
      title?: string;
      createdAt?: Date;
      lastActivityAt?: Date;
      isDeleted?: boolean;
    }) {
      const title = data.title ?? unique("Thread");
      return prisma.thread.create({
        data: {
          slug: title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
          summary: `Ringkasan ${title}`,
          contentJson: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: title }] }] },
          ...data,
          title,
          lastActivityAt: data.lastActivityAt ?? data.createdAt,
        },
      });
    },
  };
}

/**
 * Both databases for a test file about a thread's MongoDB data (replies, reactions): one visible
 * thread and one deleted thread, by one author.
 */
export async function createThreadActivityTestbed() {
  const [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  const fixtures = forumFixtures(db.prisma);
  const author = await fixtures.user();
  const category = await fixtures.category();
  const thread = await fixtures.thread({ categoryId: category.id, authorId: author.id });
  const deletedThread = await fixtures.thread({ categoryId: category.id, authorId: author.id, isDeleted: true });
  return {
    prisma: db.prisma,
    threadId: thread.id,
    deletedThreadId: deletedThread.id,
    close: () => Promise.all([db.close(), mongo.drop()]),
  };
}
