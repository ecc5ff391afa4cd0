import { Lucia, TimeSpan } from "lucia";
import type { Prisma } from "../../platform/db/postgres.ts";
import type { Env } from "../../platform/env.ts";
import { prismaSessionAdapter } from "./session-adapter.ts";

export const SESSION_COOKIE = "aleph_session";

/**
 * Secure cookies wherever the site is served over HTTPS, and in production (browsers accept
 * them on http://localhost too); plain HTTP in development and tests.
 */
export function secureCookies(env: Pick<Env, "APP_URL" | "NODE_ENV">): boolean {
  return env.APP_URL ? env.APP_URL.startsWith("https:") : env.NODE_ENV === "production";
}

/** Lucia on this database: built once per server by createAppServices (server/app-services.ts), reached as `ctx.auth`. */
export function createAuth(prisma: Prisma, env: Env) {
  const secure = secureCookies(env);
  return new Lucia(prismaSessionAdapter(prisma), {
    // Sliding: Lucia extends a session once half of this has passed.
    sessionExpiresIn: new TimeSpan(30, "d"),
    sessionCookie: { name: SESSION_COOKIE, attributes: { secure, sameSite: "lax" } },
    getUserAttributes: (attributes) => attributes,
    getSessionAttributes: (attributes) => attributes,
  });
}

export type Auth = ReturnType<typeof createAuth>;

declare module "lucia" {
  interface Register {
    Lucia: Auth;
    UserId: number;
    DatabaseUserAttributes: {
      username: string;
      email: string;
      isVerified: boolean;
      isLocked: boolean;
      totpEnabled: boolean;
    };
    DatabaseSessionAttributes: {
      deviceFingerprint: string | null;
      ipAddress: string | null;
      userAgent: string | null;
      /** False until the second factor is passed at login (true when none is enabled). */
      twoFactorVerified: boolean;
      createdAt?: Date;
      lastActiveAt?: Date;
    };
  }
}
