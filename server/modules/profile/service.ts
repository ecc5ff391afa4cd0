import type { Prisma } from "../../platform/db/postgres.ts";
import { NotFoundError } from "../../platform/errors.ts";
import { primaryBadgeOf } from "../badge/service.ts";
import { countRepliesByAuthor, type ReplyStore } from "../reply/service.ts";
import { countThreadsByAuthor } from "../thread/service.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/*
 * Public profiles: what anyone sees of a member, by username (`user.publicProfile`). The
 * member's own account (settings, password, devices) is `user/account.ts`.
 */

export interface ProfileDeps {
  prisma: Prisma;
  /** The replies collection (ReplyModel unless given), through the reply module. */
  replies?: ReplyStore;
}

/** A member's public profile, or null when there is no such (unlocked) member. */
export async function findProfile(deps: ProfileDeps, username: string) {
  const { prisma } = deps;
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
          awardedAt: true,
          badge: { select: { name: true, description: true, color: true, rarity: true } },
        },
        orderBy: [{ isPrimary: "desc" }, { awardedAt: "asc" }],
      },
    },
  });
  if (!user) return null;
  const [threadCount, replyCount, primaryBadge] = await Promise.all([
    countThreadsByAuthor(prisma, user.id),
    countRepliesByAuthor(deps, user.id),
    primaryBadgeOf(prisma, user.id),
  ]);
  // Flagged from primaryBadgeOf, the one rule for what the primary badge is, so the list never
  // marks a badge other than the one shown beside the name (badge names are unique).
  const badges = user.badges.map(({ badge, awardedAt }) => ({ ...badge, isPrimary: badge.name === primaryBadge?.name, awardedAt }));
  return { ...user, badges, primaryBadge, threadCount, replyCount };
}

/** A member's public profile as the API answers it; NotFoundError when there is no such (unlocked) member. */
export async function getPublicProfile(deps: ProfileDeps, username: string) {
  const profile = await findProfile(deps, username);
  if (!profile) throw new NotFoundError(m.error_profile_notFound());
  return profile;
}
