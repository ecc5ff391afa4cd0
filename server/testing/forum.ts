import { createRuntime, type Runtime } from "../app-services.ts";
import { createLogger } from "../platform/logger.ts";
import { createMetrics } from "../platform/metrics.ts";
import { parseEnv } from "../platform/env.ts";
import { createPostgres, type Prisma } from "../platform/db/postgres.ts";
import type { AdminActor } from "../modules/staff-log/service.ts";
import { anonymousContext, type Context, type RequestMeta } from "../trpc/context.ts";
import { createCaller } from "../trpc/root.ts";
import { connectTestMongo } from "./mongo.ts";
import { createMigratedTestDatabase } from "./postgres.ts";
import { ACCESS_SCOPES } from "../modules/access-token/scopes.ts";

/** A migrated PostgreSQL database of its own (with the job queue's schema) and a Prisma client on it; `close` drops it. */
export async function createForumTestDatabase() {
  const database = await createMigratedTestDatabase();
  const postgres = createPostgres({ url: database.url, max: 4 });
  return {
    url: database.url,
    prisma: postgres.prisma,
    async close() {
      await postgres.close();
      await database.drop();
    },
  };
}

const testRuntimes = new WeakMap<Prisma, Runtime>();

/**
 * The runtime of testCaller's callers on one test database, built once (as a server builds its
 * one at start), so they share its cache and counters as one server's requests do.
 */
export function testRuntime(prisma: Prisma): Runtime {
  let runtime = testRuntimes.get(prisma);
  if (!runtime) {
    // The request chain's CAPTCHA and rate limits are off here; the auth tests turn them on.
    const env = parseEnv({ NODE_ENV: "test", REDIS_URL: "", CAPTCHA_ENABLED: "false", RATE_LIMIT_ENABLED: "false" });
    runtime = createRuntime({ env, logger: createLogger({ level: "silent" }), metrics: createMetrics(), prisma, redis: null });
    testRuntimes.set(prisma, runtime);
  }
  return runtime;
}

/**
 * The tRPC router called in-process, like a Remix loader does: as an anonymous visitor, or as
 * `user` signed in (as a program would be, with an access token), on testRuntime's or the given
 * runtime (a server's, to write through its cache), or `via: "session"` as a browser past sign-in. Tests that look at cookies
 * build a real request context instead (server/testing/request-caller.ts).
 */
export function testCaller(
  prisma: Prisma,
  user: { id: number; username: string; email?: string } | null = null,
  options: { admin?: AdminActor; runtime?: Runtime; via?: "token" | "session" } = {},
) {
  const viaSession = user !== null && options.via === "session";
  const request: RequestMeta = {
    headers: new Headers(),
    ip: "127.0.0.1",
    requestId: "test",
    setCookie: () => {},
  };
  const context: Context = {
    ...anonymousContext(options.runtime ?? testRuntime(prisma), request),
    client: { ipAddress: "127.0.0.1", userAgent: "vitest", deviceFingerprint: null },
    user: user && {
      id: user.id,
      username: user.username,
      email: user.email ?? `${user.username}@example.test`,
      isVerified: true,
      totpEnabled: false,
    },
    session: null,
    authMethod: user ? (viaSession ? "session" : "token") : null,
    // A token holding every scope: what a test calls is not refused for want of one (scopes.test.ts tests that).
    // `via: "session"` calls as a browser would, for the procedures no token may call (Web Push).
    accessToken: user && !viaSession ? { id: 0, scopes: ACCESS_SCOPES } : null,
    admin: options.admin ?? null,
  };
  return createCaller(context);
}

let adminSequence = 0;
/**
 * An admin account (password and two-factor not set up: tests that need the sign-in itself use
 * the admin module's own testbed), as the context knows an admin past two-factor.
 */
export async function createTestAdmin(prisma: Prisma, name = "admin"): Promise<AdminActor> {
  adminSequence += 1;
  const username = `${name}${adminSequence}_${process.pid}`;
  const admin = await prisma.admin.create({
    data: { email: `${username}@staff.example.test`, username, passwordHash: "!unusable", totpEnabled: true },
  });
  return { id: admin.id, email: admin.email, username: admin.username };
}

/** The router as an anonymous visitor. */
export function anonymousCaller(prisma: Prisma) {
  return testCaller(prisma);
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
    url: db.url,
    threadId: thread.id,
    deletedThreadId: deletedThread.id,
    close: () => Promise.all([db.close(), mongo.drop()]),
  };
}
