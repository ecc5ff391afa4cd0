import type { Prisma } from "../../platform/db/postgres.ts";
import { toPage } from "../pagination.ts";

/** The member's own security events, newest first, by keyset on the id. */
export async function listSecurityEvents(prisma: Prisma, userId: number, limit: number, beforeId?: string) {
  const rows = await prisma.securityEvent.findMany({
    where: { userId, ...(beforeId ? { id: { lt: BigInt(beforeId) } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  return toPage(
    rows,
    limit,
    (row) => ({
      id: row.id.toString(),
      eventType: row.eventType,
      ipAddress: row.ipAddress,
      userAgent: row.userAgent,
      metadata: row.metadata,
      createdAt: row.createdAt,
    }),
    (row) => ({ id: row.id.toString() }),
  );
}
