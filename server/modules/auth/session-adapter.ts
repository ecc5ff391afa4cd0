import type { Adapter, DatabaseSession, DatabaseUser } from "lucia";
import type { Prisma } from "../../platform/db/postgres.ts";

/**
 * Lucia's storage for the `sessions` table. Lucia's own Prisma adapter only supports Prisma 4–5,
 * and ours also keeps device details, so this is the adapter interface over Prisma 7.
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
      const row = await prisma.session.findUnique({ where: { id: sessionId }, include: { user: true } });
      if (!row || row.isRevoked) return [null, null];
      const { user, ...session } = row;
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
    async getUserSessions(userId) {
      const rows = await prisma.session.findMany({ where: { userId, isRevoked: false } });
      return rows.map(toSession);
    },
    async setSession(session) {
      await prisma.session.create({
        data: {
          id: session.id,
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
      await prisma.session.updateMany({ where: { id: sessionId }, data: { expiresAt, lastActiveAt: new Date() } });
    },
    async deleteSession(sessionId) {
      await prisma.session.deleteMany({ where: { id: sessionId } });
    },
    async deleteUserSessions(userId) {
      await prisma.session.deleteMany({ where: { userId } });
    },
    async deleteExpiredSessions() {
      await prisma.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
    },
  };
}
