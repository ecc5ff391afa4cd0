import { randomBytes } from "node:crypto";
import type { Prisma } from "../../platform/db/postgres.ts";
import type { Env } from "../../platform/env.ts";
import { secureCookies } from "../auth/lucia.ts";
import { sessionIdHash } from "../auth/session-adapter.ts";
import type { ClientInfo } from "../auth/service.ts";
import type { AdminActor } from "../staff-log/service.ts";
import { ADMIN_ABSOLUTE_MS, ADMIN_PENDING_MS, isAdminSessionLive } from "./policies.ts";

/**
 * Admin sessions: their own cookie and table, never a member's session. A member's cookie is
 * worth nothing here and an admin's nothing to the member side, so one stolen cookie never
 * carries both kinds of access (docs/decisions/0007-admin-accounts-separate.md).
 */
export const ADMIN_COOKIE = "aleph_admin";

/** lastActiveAt is written at most this often: a page's burst of requests is one write. */
const ACTIVITY_WRITE_INTERVAL_MS = 60_000;

/** What a request's context knows of its admin session (the row's id is the token's SHA-256). */
export interface AdminSessionState {
  id: string;
  adminId: number;
  twoFactorVerified: boolean;
}

/** The admin cookie's value in a Cookie header, if any. */
export function adminCookieFrom(cookieHeader: string | null | undefined): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === ADMIN_COOKIE) return rest.join("=") || null;
  }
  return null;
}

/**
 * HttpOnly, SameSite=Strict (a link from another site never arrives signed in as an admin),
 * Secure over HTTPS. Max-Age is the absolute lifetime; idle expiry is the server's.
 */
export function serializeAdminCookie(token: string, env: Pick<Env, "APP_URL" | "NODE_ENV">): string {
  const secure = secureCookies(env) ? "; Secure" : "";
  return `${ADMIN_COOKIE}=${token}; Path=/; Max-Age=${ADMIN_ABSOLUTE_MS / 1000}; HttpOnly; SameSite=Strict${secure}`;
}

export function blankAdminCookie(env: Pick<Env, "APP_URL" | "NODE_ENV">): string {
  const secure = secureCookies(env) ? "; Secure" : "";
  return `${ADMIN_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${secure}`;
}

/** A new session row; only its token (for the cookie) leaves, the table keeps its hash. */
export async function openAdminSession(
  prisma: Pick<Prisma, "adminSession">,
  adminId: number,
  client: ClientInfo,
  twoFactorVerified: boolean,
  now = new Date(),
): Promise<{ token: string; id: string }> {
  const token = randomBytes(32).toString("base64url");
  const id = sessionIdHash(token);
  await prisma.adminSession.create({
    data: {
      id,
      adminId,
      ipAddress: client.ipAddress,
      userAgent: client.userAgent,
      twoFactorVerified,
      createdAt: now,
      lastActiveAt: now,
      expiresAt: new Date(now.getTime() + (twoFactorVerified ? ADMIN_ABSOLUTE_MS : ADMIN_PENDING_MS)),
    },
  });
  return { token, id };
}

/**
 * The session a cookie's token opens, and its admin when that session has passed two-factor:
 * null for an unknown, expired, idle or pending-too-long session, or an inactive admin (whose
 * dead row is deleted on the way). Renews the idle window, at most once a minute.
 */
export async function resolveAdminSession(
  prisma: Prisma,
  token: string,
  now = new Date(),
): Promise<{ session: AdminSessionState; admin: AdminActor | null } | null> {
  const id = sessionIdHash(token);
  const row = await prisma.adminSession.findUnique({ where: { id }, include: { admin: true } });
  if (!row) return null;
  if (!isAdminSessionLive(row, row.admin, now)) {
    await prisma.adminSession.deleteMany({ where: { id } });
    return null;
  }
  if (now.getTime() - row.lastActiveAt.getTime() > ACTIVITY_WRITE_INTERVAL_MS) {
    await prisma.adminSession.updateMany({ where: { id }, data: { lastActiveAt: now } });
  }
  const session = { id, adminId: row.adminId, twoFactorVerified: row.twoFactorVerified };
  const admin = row.twoFactorVerified ? { id: row.admin.id, email: row.admin.email, username: row.admin.username } : null;
  return { session, admin };
}
