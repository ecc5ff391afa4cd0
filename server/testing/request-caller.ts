import { afterAll, beforeAll } from "vitest";
import { createRuntime } from "../app-services.ts";
import { hashPassword } from "../modules/auth/password.ts";
import { parseEnv } from "../platform/env.ts";
import { createLogger } from "../platform/logger.ts";
import { createMetrics } from "../platform/metrics.ts";
import type { Prisma } from "../platform/db/postgres.ts";
import type { Redis } from "../platform/redis.ts";
import { createContext, type RequestMeta } from "../trpc/context.ts";
import { createCaller } from "../trpc/root.ts";
import { createForumTestDatabase } from "./forum.ts";

/** The site the requests of these callers are addressed to. */
export const TEST_ORIGIN = "http://localhost:3000";

/**
 * The router reached the way a browser or program reaches it: the context comes from request
 * headers through the real createContext (session cookie, `Authorization: Bearer`), so who is
 * signed in, and how, is decided exactly as in production.
 */
export function requestCallers(prisma: Prisma, envSource: Record<string, string> = {}, redis: Redis | null = null) {
  const runtime = createRuntime({
    env: parseEnv({ NODE_ENV: "test", REDIS_URL: "", ...envSource }),
    logger: createLogger({ level: "silent" }),
    metrics: createMetrics(),
    prisma,
    redis,
  });
  const { auth } = runtime;

  /**
   * A caller for one request with these headers, from `ip`; cookies the procedures set land in
   * `cookies`, other response headers (Retry-After) in `responseHeaders`.
   */
  async function call(
    headers: Record<string, string> = {},
    cookies: string[] = [],
    options: { ip?: string; responseHeaders?: Map<string, string> } = {},
  ) {
    const request: RequestMeta = {
      headers: new Headers({ host: new URL(TEST_ORIGIN).host, origin: TEST_ORIGIN, "user-agent": "vitest", ...headers }),
      ip: options.ip ?? "127.0.0.1",
      requestId: "test",
      setCookie: (serialized) => cookies.push(serialized),
      setHeader: (name, value) => options.responseHeaders?.set(name.toLowerCase(), value),
    };
    return createCaller(await createContext(runtime, request));
  }

  return {
    env: runtime.env,
    call,
    /** Headers of a browser signed in as `userId` (its second factor given unless told otherwise). */
    async sessionHeaders(userId: number, twoFactorVerified = true) {
      const session = await auth.createSession(userId, {
        deviceFingerprint: null,
        ipAddress: "127.0.0.1",
        userAgent: "vitest",
        twoFactorVerified,
      });
      return { cookie: auth.createSessionCookie(session.id).serialize().split(";")[0]! };
    },
    /** A caller signed in through a browser session. */
    async asSession(userId: number, twoFactorVerified = true) {
      return call(await this.sessionHeaders(userId, twoFactorVerified));
    },
  };
}

/** The session cookie header a procedure set (e.g. at sign-in), for the next request. */
export function sessionCookieFrom(cookies: string[]): { cookie: string } {
  const set = cookies.findLast((cookie) => cookie.startsWith("aleph_session=") && !cookie.startsWith("aleph_session=;"));
  if (!set) throw new Error("no session cookie was set");
  return { cookie: set.split(";")[0]! };
}

/** A member with a password, as sign-up would create them. */
export async function memberWithPassword(prisma: Prisma, username: string, password: string) {
  return prisma.user.create({
    data: { username, email: `${username}@example.test`, passwordHash: await hashPassword(password) },
  });
}

/**
 * For a test file: a database of its own, created before its tests and dropped after them,
 * with request callers on it. Read `prisma` and `callers` inside tests, once they exist.
 */
export function requestTestbed(envSource: Record<string, string> = {}) {
  let db: Awaited<ReturnType<typeof createForumTestDatabase>> | undefined;
  let callers: ReturnType<typeof requestCallers> | undefined;
  beforeAll(async () => {
    db = await createForumTestDatabase();
    callers = requestCallers(db.prisma, envSource);
  });
  afterAll(() => db?.close());
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the test database is not ready: use it inside tests");
    return value;
  };
  return {
    get prisma() {
      return ready(db).prisma;
    },
    get callers() {
      return ready(callers);
    },
  };
}
