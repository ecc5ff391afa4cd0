import type { Prisma } from "../../platform/db/postgres.ts";
import type { ReplyModel } from "../reply/reply.model.ts";

/** A badge as shown beside a username. */
export interface BadgeChip {
  name: string;
  color: string;
}

/** Each user's primary badge (at most one per user), for a page of usernames. */
export async function primaryBadgesOf(prisma: Prisma, userIds: number[]): Promise<Map<number, BadgeChip>> {
  if (userIds.length === 0) return new Map();
  const rows = await prisma.userBadge.findMany({
    where: { userId: { in: [...new Set(userIds)] }, isPrimary: true },
    select: { userId: true, badge: { select: { name: true, color: true } } },
    orderBy: { awardedAt: "asc" },
  });
  const badges = new Map<number, BadgeChip>();
  for (const row of rows) if (!badges.has(row.userId)) badges.set(row.userId, row.badge);
  return badges;
}

export interface ProfileDeps {
  prisma: Prisma;
  replies: Pick<typeof ReplyModel, "countDocuments">;
}

/** A member's public profile, or null when there is no such (unlocked) member. */
export async function findProfile({ prisma, replies }: ProfileDeps, username: string) {
  const user = await prisma.user.findFirst({
    where: { username, isLocked: false },
    select: {
      id: true,
      username: true,
      fullName: true,
      avatarUrl: true,
      bio: true,
      createdAt: true,
      badges: {
        select: {
          isPrimary: true,
          awardedAt: true,
          badge: { select: { name: true, description: true, color: true, rarity: true } },
        },
        orderBy: [{ isPrimary: "desc" }, { awardedAt: "asc" }],
      },
    },
  });
  if (!user) return null;
  const [threadCount, replyCount] = await Promise.all([
    prisma.thread.count({ where: { authorId: user.id, isDeleted: false } }),
    replies.countDocuments({ userId: user.id, isDeleted: false, isHidden: false }),
  ]);
  const badges = user.badges.map(({ badge, isPrimary, awardedAt }) => ({ ...badge, isPrimary, awardedAt }));
  const primary = badges.find((badge) => badge.isPrimary);
  return {
    ...user,
    badges,
    primaryBadge: primary ? { name: primary.name, color: primary.color } : null,
    threadCount,
    replyCount,
  };
}
