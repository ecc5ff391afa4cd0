import { createHash } from "node:crypto";
import Bowser from "bowser";
import type { Prisma } from "../../platform/db/postgres.ts";
import { NotFoundError } from "../../platform/errors.ts";
import type { ClientInfo } from "../auth/service.ts";
import { sessionIdHash } from "../auth/session-adapter.ts";
import { recordSecurityEvent } from "../security/service.ts";
import { canManageSession } from "./policies.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/**
 * A session's id in lists and revocations, from its stored id (the hash of the cookie's value,
 * see sessionIdHash): pages get a further digest of it, only meaningful to the session's owner.
 */
export function publicSessionId(storedId: string): string {
  return createHash("sha256").update(`session:${storedId}`).digest("base64url").slice(0, 22);
}

/** "Firefox 128 · Windows 10" from a user agent; null when there is none. */
export function describeUserAgent(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const parsed = Bowser.parse(userAgent);
  const browser = [parsed.browser.name, parsed.browser.version?.split(".")[0]].filter(Boolean).join(" ");
  const os = [parsed.os.name, parsed.os.versionName ?? parsed.os.version?.split(".").slice(0, 2).join(".")].filter(Boolean).join(" ");
  const summary = [browser, os].filter(Boolean).join(" · ");
  return summary || userAgent.slice(0, 60);
}

function liveSessionsOf(prisma: Prisma, userId: number, now: Date) {
  return prisma.session.findMany({
    where: { userId, isRevoked: false, expiresAt: { gt: now } },
    orderBy: { lastActiveAt: "desc" },
  });
}

/** More devices than anyone has; past it, "sign out everywhere else" covers the rest. */
export const MAX_LISTED_SESSIONS = 100;

/** The member's signed-in devices, the most recently active first (at most MAX_LISTED_SESSIONS). */
export async function listSessions(prisma: Prisma, userId: number, currentSessionId: string | null, now = new Date()) {
  const rows = await prisma.session.findMany({
    where: { userId, isRevoked: false, expiresAt: { gt: now } },
    orderBy: { lastActiveAt: "desc" },
    take: MAX_LISTED_SESSIONS,
  });
  return rows.map((row) => ({
    id: publicSessionId(row.id),
    device: describeUserAgent(row.userAgent),
    userAgent: row.userAgent,
    ipAddress: row.ipAddress,
    createdAt: row.createdAt,
    lastActiveAt: row.lastActiveAt,
    isCurrent: currentSessionId !== null && row.id === sessionIdHash(currentSessionId),
  }));
}

/**
 * Revokes one of the member's own sessions; another member's session id is simply not found.
 * The next request with its cookie is refused (the session adapter skips revoked rows).
 */
export async function revokeSession(prisma: Prisma, userId: number, publicId: string, client: ClientInfo, now = new Date()) {
  const target = (await liveSessionsOf(prisma, userId, now)).find((row) => publicSessionId(row.id) === publicId);
  if (!target || !canManageSession(target, userId)) throw new NotFoundError(m.error_session_notFound());
  await prisma.session.update({ where: { id: target.id }, data: { isRevoked: true } });
  await recordSecurityEvent(prisma, {
    userId,
    eventType: "session_revoked",
    ...client,
    metadata: { device: describeUserAgent(target.userAgent), ipAddress: target.ipAddress },
  });
}

/** Revokes every session of the member except `keepSessionId` (the cookie's value; all of them when null). */
export async function revokeOtherSessions(
  prisma: Prisma,
  userId: number,
  keepSessionId: string | null,
  client: ClientInfo,
  reason: "revoke_others" | "password_changed" = "revoke_others",
) {
  const { count } = await prisma.session.updateMany({
    where: { userId, isRevoked: false, ...(keepSessionId ? { id: { not: sessionIdHash(keepSessionId) } } : {}) },
    data: { isRevoked: true },
  });
  if (count > 0) {
    await recordSecurityEvent(prisma, { userId, eventType: "session_revoked", ...client, metadata: { count, reason } });
  }
  return count;
}
