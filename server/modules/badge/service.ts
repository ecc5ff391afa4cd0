import { Prisma as PrismaNamespace } from "../../platform/db/generated/client.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import type { Cache } from "../../platform/cache.ts";
import { ConflictError, NotFoundError } from "../../platform/errors.ts";
import { invalidateForumReads } from "../forum-cache.ts";
import { queueNotificationEvent } from "../notification/events.ts";
import { toPage, type Page } from "../pagination.ts";
import { recordStaffAction, type AdminActor } from "../staff-log/service.ts";
import type { BadgeFields } from "./schemas.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/** A badge as shown beside a username. */
export interface BadgeChip {
  name: string;
  color: string;
}

/**
 * Each user's primary badge, for a page of usernames: the one place that says what a primary
 * badge is. A member has at most one (the partial unique index user_badges_one_primary), chosen
 * with setPrimaryBadge; thread lists, thread pages, replies and profiles all read it from here.
 */
export async function primaryBadgesOf(prisma: Prisma, userIds: number[]): Promise<Map<number, BadgeChip>> {
  if (userIds.length === 0) return new Map();
  const rows = await prisma.userBadge.findMany({
    where: { userId: { in: [...new Set(userIds)] }, isPrimary: true },
    select: { userId: true, badge: { select: { name: true, color: true } } },
  });
  return new Map(rows.map((row) => [row.userId, row.badge]));
}

/** One user's primary badge, or null when they have none. */
export async function primaryBadgeOf(prisma: Prisma, userId: number): Promise<BadgeChip | null> {
  return (await primaryBadgesOf(prisma, [userId])).get(userId) ?? null;
}

export interface BadgeDeps {
  prisma: Prisma;
  /** Badges show on cached forum reads (thread pages, lists): a change drops them. */
  cache: Cache;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof PrismaNamespace.PrismaClientKnownRequestError && error.code === "P2002";
}

const badgeNotFound = () => new NotFoundError(m.error_badge_notFound());
const nameTaken = () => new ConflictError(m.error_badge_nameTaken());

// ---------------------------------------------------------------------------------------------
// A member's own badges (user.badges, user.setPrimaryBadge)
// ---------------------------------------------------------------------------------------------

export interface OwnBadge {
  id: number;
  name: string;
  description: string;
  color: string;
  rarity: string;
  isPrimary: boolean;
  awardedAt: Date;
}

/** The badges a member holds, the primary one first. */
export async function listOwnBadges({ prisma }: Pick<BadgeDeps, "prisma">, userId: number): Promise<OwnBadge[]> {
  const rows = await prisma.userBadge.findMany({
    where: { userId },
    select: { isPrimary: true, awardedAt: true, badge: { select: { id: true, name: true, description: true, color: true, rarity: true } } },
    orderBy: [{ isPrimary: "desc" }, { awardedAt: "asc" }, { id: "asc" }],
  });
  return rows.map(({ badge, isPrimary, awardedAt }) => ({ ...badge, isPrimary, awardedAt }));
}

/**
 * Makes one of the member's badges their primary one (null: none). The member's row is locked
 * first, so concurrent choices run one after the other and the last one wins; the partial unique
 * index guarantees that even a path forgetting the lock can never leave two primaries.
 * NotFoundError when the member does not hold that badge.
 */
export async function setPrimaryBadge(deps: BadgeDeps, userId: number, badgeId: number | null): Promise<{ badgeId: number | null }> {
  await deps.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "users" WHERE "id" = ${userId} FOR NO KEY UPDATE`;
    if (badgeId !== null) {
      const held = await tx.userBadge.findUnique({ where: { userId_badgeId: { userId, badgeId } }, select: { id: true } });
      if (!held) throw new NotFoundError(m.error_badge_notHeldByYou());
    }
    await tx.userBadge.updateMany({ where: { userId, isPrimary: true, ...(badgeId !== null ? { badgeId: { not: badgeId } } : {}) }, data: { isPrimary: false } });
    if (badgeId !== null) await tx.userBadge.update({ where: { userId_badgeId: { userId, badgeId } }, data: { isPrimary: true } });
  });
  await invalidateForumReads(deps.cache);
  return { badgeId };
}

// ---------------------------------------------------------------------------------------------
// Administration (admin.badges.*): each change logged in its own transaction.
// ---------------------------------------------------------------------------------------------

export interface AdminBadge {
  id: number;
  name: string;
  description: string;
  color: string;
  rarity: string;
  iconUrl: string | null;
  createdAt: Date;
  holderCount: number;
}

/** Every badge, newest first, with how many members hold it. */
export async function listBadges({ prisma }: Pick<BadgeDeps, "prisma">): Promise<AdminBadge[]> {
  const badges = await prisma.badge.findMany({
    select: { id: true, name: true, description: true, color: true, rarity: true, iconUrl: true, createdAt: true, _count: { select: { holders: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return badges.map(({ _count, ...badge }) => ({ ...badge, holderCount: _count.holders }));
}

const badgeLogFields = { name: true, description: true, color: true, rarity: true, iconUrl: true } as const;

/** Creates a badge; ConflictError when its name is taken. */
export async function createBadge(deps: BadgeDeps, admin: AdminActor, input: BadgeFields): Promise<{ id: number }> {
  try {
    return await deps.prisma.$transaction(async (tx) => {
      const badge = await tx.badge.create({ data: input, select: { id: true } });
      await recordStaffAction(tx, admin, { action: "badge.create", targetType: "badge", targetId: badge.id, after: { ...input } });
      return badge;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

/** Changes a badge; ConflictError when the new name is taken. */
export async function updateBadge(deps: BadgeDeps, admin: AdminActor, id: number, input: BadgeFields): Promise<{ id: number }> {
  try {
    await deps.prisma.$transaction(async (tx) => {
      const before = await tx.badge.findUnique({ where: { id }, select: badgeLogFields });
      if (!before) throw badgeNotFound();
      await tx.badge.update({ where: { id }, data: input });
      await recordStaffAction(tx, admin, { action: "badge.update", targetType: "badge", targetId: id, before, after: { ...input } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
  await invalidateForumReads(deps.cache);
  return { id };
}

async function memberAndBadge(tx: PrismaNamespace.TransactionClient, badgeId: number, username: string) {
  const [user, badge] = await Promise.all([
    tx.user.findUnique({ where: { username }, select: { id: true, username: true } }),
    tx.badge.findUnique({ where: { id: badgeId }, select: { id: true, name: true } }),
  ]);
  if (!badge) throw badgeNotFound();
  if (!user) throw new NotFoundError(m.error_member_usernameNotFound());
  return { user, badge };
}

/** Awards a badge to a member (by username); ConflictError when they already hold it. */
export async function awardBadge(
  deps: BadgeDeps,
  admin: AdminActor,
  input: { badgeId: number; username: string; note?: string },
): Promise<{ userId: number; badgeId: number }> {
  try {
    return await deps.prisma.$transaction(async (tx) => {
      const { user, badge } = await memberAndBadge(tx, input.badgeId, input.username);
      const award = await tx.userBadge.create({ data: { userId: user.id, badgeId: badge.id, awardedBy: admin.id }, select: { id: true } });
      await queueNotificationEvent(tx, { kind: "badge", ids: { userBadgeId: award.id } });
      await recordStaffAction(tx, admin, {
        action: "badge.award",
        targetType: "user",
        targetId: user.id,
        after: { badgeId: badge.id, badge: badge.name, username: user.username },
        note: input.note || null,
      });
      return { userId: user.id, badgeId: badge.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(m.error_badge_alreadyHeld());
    throw error;
  }
}

/**
 * Takes a badge back from a member. When it was their primary badge they are left with no
 * primary badge (none is picked for them): choosing what represents a member is theirs to do.
 * NotFoundError when they do not hold it.
 */
export async function revokeBadge(
  deps: BadgeDeps,
  admin: AdminActor,
  input: { badgeId: number; username: string; note?: string },
): Promise<{ userId: number; badgeId: number; wasPrimary: boolean }> {
  const result = await deps.prisma.$transaction(async (tx) => {
    const { user, badge } = await memberAndBadge(tx, input.badgeId, input.username);
    const [held] = await tx.$queryRaw<{ isPrimary: boolean; awardedAt: Date }[]>`
      DELETE FROM "user_badges" WHERE "user_id" = ${user.id} AND "badge_id" = ${badge.id}
      RETURNING "is_primary" AS "isPrimary", "awarded_at" AS "awardedAt"`;
    if (!held) throw new NotFoundError(m.error_badge_notHeld());
    await recordStaffAction(tx, admin, {
      action: "badge.revoke",
      targetType: "user",
      targetId: user.id,
      before: { badgeId: badge.id, badge: badge.name, username: user.username, isPrimary: held.isPrimary, awardedAt: held.awardedAt.toISOString() },
      note: input.note || null,
    });
    return { userId: user.id, badgeId: badge.id, wasPrimary: held.isPrimary };
  });
  if (result.wasPrimary) await invalidateForumReads(deps.cache);
  return result;
}

export interface BadgeHolder {
  userId: number;
  username: string;
  isPrimary: boolean;
  awardedAt: Date;
}

/** The members holding a badge, in award order, a page at a time. */
export async function listBadgeHolders(
  { prisma }: Pick<BadgeDeps, "prisma">,
  input: { badgeId: number; cursor?: { id: number } | undefined; limit: number },
): Promise<Page<BadgeHolder>> {
  const rows = await prisma.userBadge.findMany({
    where: { badgeId: input.badgeId, ...(input.cursor ? { id: { gt: input.cursor.id } } : {}) },
    select: { id: true, isPrimary: true, awardedAt: true, user: { select: { id: true, username: true } } },
    orderBy: { id: "asc" },
    take: input.limit + 1,
  });
  return toPage(
    rows,
    input.limit,
    (row) => ({ userId: row.user.id, username: row.user.username, isPrimary: row.isPrimary, awardedAt: row.awardedAt }),
    (row) => ({ id: row.id }),
  );
}

/** A badge award as its notification reads it; null once revoked. */
export async function findAwardForNotification(prisma: Prisma, userBadgeId: number): Promise<{ userId: number; badgeName: string } | null> {
  const award = await prisma.userBadge.findUnique({ where: { id: userBadgeId }, select: { userId: true, badge: { select: { name: true } } } });
  return award ? { userId: award.userId, badgeName: award.badge.name } : null;
}
