import { createHash } from "node:crypto";
import type { Prisma } from "../../platform/db/postgres.ts";

/** Personal access tokens look like `aleph_pat_<random>`; only their SHA-256 is stored. */
export const ACCESS_TOKEN_PREFIX = "aleph_pat_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The owner of a live (unrevoked, unexpired) access token, or null. */
export async function userForAccessToken(prisma: Prisma, token: string, now = new Date()) {
  if (!token.startsWith(ACCESS_TOKEN_PREFIX)) return null;
  const record = await prisma.personalAccessToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: true },
  });
  if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now)) return null;
  if (record.user.isLocked) return null;
  // Last use to the minute is enough for the token list and saves a write per request.
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > 60_000) {
    await prisma.personalAccessToken.update({ where: { id: record.id }, data: { lastUsedAt: now } });
  }
  return record.user;
}

/**
 * The token of an `Authorization: Bearer <token>` header, or undefined. The one reading of the
 * header: the request context authenticates by it (never falling back to the cookie), and the
 * CSRF check skips exactly these requests, which carry no ambient credential.
 */
export function bearerTokenOf(authorization: string | null | undefined): string | undefined {
  return /^Bearer[ \t]+(\S+)$/i.exec(authorization ?? "")?.[1];
}
