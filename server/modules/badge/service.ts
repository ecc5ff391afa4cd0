import type { Prisma } from "../../platform/db/postgres.ts";

/** A badge as shown beside a username. */
export interface BadgeChip {
  name: string;
  color: string;
}

/**
 * Each user's primary badge, for a page of usernames: the one place that says what a primary
 * badge is (of the badges marked primary, the earliest awarded). Thread lists, thread pages,
 * replies and profiles all read it from here, so a member shows the same badge everywhere.
 */
export async function primaryBadgesOf(prisma: Prisma, userIds: number[]): Promise<Map<number, BadgeChip>> {
  if (userIds.length === 0) return new Map();
  const rows = await prisma.userBadge.findMany({
    where: { userId: { in: [...new Set(userIds)] }, isPrimary: true },
    select: { userId: true, badge: { select: { name: true, color: true } } },
    orderBy: [{ awardedAt: "asc" }, { id: "asc" }],
  });
  const badges = new Map<number, BadgeChip>();
  for (const row of rows) if (!badges.has(row.userId)) badges.set(row.userId, row.badge);
  return badges;
}

/** One user's primary badge, or null when they have none. */
export async function primaryBadgeOf(prisma: Prisma, userId: number): Promise<BadgeChip | null> {
  return (await primaryBadgesOf(prisma, [userId])).get(userId) ?? null;
}
