import { createHash } from "node:crypto";
import type { Adapter, DatabaseSession, DatabaseUser } from "lucia";
import type { Prisma } from "../../platform/db/postgres.ts";

/**
 * What the `sessions.id` column holds: the SHA-256 (hex) of the session id, which itself only
 * lives in the member's cookie. A leaked table (backup, log of queries) opens no session.
 */
export function sessionIdHash(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex");
}

/**
 * Lucia's storage for the `sessions` table. Lucia's own Prisma adapter only supports Prisma 4–5,
 * and ours also keeps device details, so this is the adapter interface over Prisma 7. Every id
 * Lucia passes in is the cookie's value; the table is keyed by its hash (sessionIdHash).
 */
export function prismaSessionAdapter(prisma: Prisma): Adapter {
  const toSession = (row: {
    id: string;
    userId: number;
    expiresAt: Date;
    deviceFingerprint: string | null;
    ipAddress: string | null;
    userAgent: string | null;
    twoFactorVerified: boolean;
    createdAt: Date;
    lastActiveAt: Date;
  }): DatabaseSession => ({
    id: row.id,
    userId: row.userId,
    expiresAt: row.expiresAt,
    attributes: {
      deviceFingerprint: row.deviceFingerprint,
      ipAddress: row.ipAddress,
      userAgent: row.userAgent,
      twoFactorVerified: row.twoFactorVerified,
      createdAt: row.createdAt,
      lastActiveAt: row.lastActiveAt,
    },
  });

  return {
    async getSessionAndUser(sessionId) {
      const row = await prisma.session.findUnique({ where: { id: sessionIdHash(sessionId) }, include: { user: true } });
      if (!row || row.isRevoked) return [null, null];
      // Lucia hands this id back to updateSessionExpiration/deleteSession: the cookie's, not the hash.
      const { user, ...stored } = row;
      const session = { ...stored, id: sessionId };
      const databaseUser: DatabaseUser = {
        id: user.id,
        attributes: {
          username: user.username,
          email: user.email,
          isVerified: user.isVerified,
          isLocked: user.isLocked,
          totpEnabled: user.totpEnabled,
        },
      };
      return [toSession(session), databaseUser];
    },
    /** Not used by the app: Lucia cannot know these sessions' ids, so they carry their hashes. */
    async getUserSessions(userId) {
      const rows = await prisma.session.findMany({ where: { userId, isRevoked: false } });
      return rows.map(toSession);
    },
    async setSession(session) {
      await prisma.session.create({
        data: {
          id: sessionIdHash(session.id),
          userId: session.userId,
          expiresAt: session.expiresAt,
          deviceFingerprint: session.attributes.deviceFingerprint,
          ipAddress: session.attributes.ipAddress,
          userAgent: session.attributes.userAgent,
          twoFactorVerified: session.attributes.twoFactorVerified,
        },
      });
    },
    async updateSessionExpiration(sessionId, expiresAt) {
      await prisma.session.updateMany({ where: { id: sessionIdHash(sessionId) }, data: { expiresAt, lastActiveAt: new Date() } });
    },
    async deleteSession(sessionId) {
      await prisma.session.deleteMany({ where: { id: sessionIdHash(sessionId) } });
    },
    async deleteUserSessions(userId) {
      await prisma.session.deleteMany({ where: { userId } });
    },
    async deleteExpiredSessions() {
      await prisma.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
    },
  };
}
