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

function createLucia(prisma: Prisma, env: Env) {
  const secure = secureCookies(env);
  return new Lucia(prismaSessionAdapter(prisma), {
    // Sliding: Lucia extends a session once half of this has passed.
    sessionExpiresIn: new TimeSpan(30, "d"),
    sessionCookie: { name: SESSION_COOKIE, attributes: { secure, sameSite: "lax" } },
    getUserAttributes: (attributes) => attributes,
    getSessionAttributes: (attributes) => attributes,
  });
}

export type Auth = ReturnType<typeof createLucia>;

const instances = new WeakMap<Prisma, Auth>();

/** One Lucia per database client (a server has one; each test file its own). */
export function authFor(prisma: Prisma, env: Env): Auth {
  let auth = instances.get(prisma);
  if (!auth) {
    auth = createLucia(prisma, env);
    instances.set(prisma, auth);
  }
  return auth;
}

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
