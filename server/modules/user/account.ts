import type { Cache } from "../../platform/cache.ts";
import type { Locale } from "../../../shared/locale.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { invalidateForumReads } from "../forum-cache.ts";
import { ConflictError, ForbiddenError } from "../../platform/errors.ts";
import { hashPassword, verifyPassword } from "../auth/password.ts";
import { isUniqueViolation, recordFailedLogin, type ClientInfo } from "../auth/service.ts";
import { recordSecurityEvent } from "../security/service.ts";
import { sessionIdHash } from "../auth/session-adapter.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/*
 * The signed-in member's own account: the settings they edit (`user.profile`,
 * `user.updateProfile`, `user.setLocale`) and their password. Anyone's public profile is `profile/`.
 */

const profileSelect = {
  id: true,
  username: true,
  email: true,
  fullName: true,
  avatarUrl: true,
  isVerified: true,
  passwordHash: true,
} as const;

export async function getProfile(prisma: Prisma, userId: number) {
  const { passwordHash, ...profile } = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: profileSelect });
  return { ...profile, hasPassword: passwordHash !== null };
}

export interface ProfileChanges {
  fullName?: string | undefined;
  avatarUrl?: string | undefined;
  username?: string | undefined;
}

/** Changes the member's own profile; the pages that show their name or avatar are dropped from the cache. */
export async function updateProfile({ prisma, cache }: { prisma: Prisma; cache: Cache }, userId: number, changes: ProfileChanges) {
  try {
    await prisma.user.update({
      where: { id: userId },
      data: {
        ...(changes.fullName !== undefined ? { fullName: changes.fullName || null } : {}),
        ...(changes.avatarUrl !== undefined ? { avatarUrl: changes.avatarUrl || null } : {}),
        ...(changes.username !== undefined ? { username: changes.username } : {}),
      },
    });
  } catch (error) {
    if (isUniqueViolation(error, "username")) {
      throw new ConflictError(m.error_usernameTaken());
    }
    throw error;
  }
  await invalidateForumReads(cache);
  return getProfile(prisma, userId);
}

/** The member's interface language, remembered for every device and for the mail sent to them. */
export async function setLocale(prisma: Prisma, userId: number, locale: Locale) {
  await prisma.user.update({ where: { id: userId }, data: { locale } });
  return { locale };
}

/** What a password change revoked, for the notice mail. */
export interface PasswordChange {
  revokedSessions: number;
  revokedTokens: number;
}

/**
 * Sets a new password, signs every other device out and revokes every personal access token
 * (a token stolen with the old password must not outlive it), in one transaction so a crash
 * halfway cannot leave the new password with the old tokens alive; each is recorded.
 */
export async function setPassword(
  prisma: Prisma,
  userId: number,
  newPassword: string,
  keepSessionId: string | null,
  client: ClientInfo,
  via: "settings" | "reset",
  now = new Date(),
): Promise<PasswordChange> {
  const passwordHash = await hashPassword(newPassword);
  const [, sessions, tokens] = await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { passwordHash, failedLoginCount: 0, lockedUntil: null } }),
    prisma.session.updateMany({
      where: { userId, isRevoked: false, ...(keepSessionId ? { id: { not: sessionIdHash(keepSessionId) } } : {}) },
      data: { isRevoked: true },
    }),
    prisma.personalAccessToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } }),
  ]);
  if (sessions.count > 0) {
    await recordSecurityEvent(prisma, { userId, eventType: "session_revoked", ...client, metadata: { count: sessions.count, reason: "password_changed" } });
  }
  if (tokens.count > 0) {
    await recordSecurityEvent(prisma, { userId, eventType: "access_tokens_revoked", ...client, metadata: { count: tokens.count, reason: "password_changed" } });
  }
  await recordSecurityEvent(prisma, { userId, eventType: "password_changed", ...client, metadata: { via } });
  return { revokedSessions: sessions.count, revokedTokens: tokens.count };
}

/** A password change from the settings: the current password must be given again. */
export async function changePassword(
  prisma: Prisma,
  userId: number,
  input: { currentPassword: string; newPassword: string },
  currentSessionId: string | null,
  client: ClientInfo,
): Promise<PasswordChange> {
  const { passwordHash } = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  // A member who only ever used passkeys has no password to confirm.
  if (passwordHash !== null && !(await verifyPassword(passwordHash, input.currentPassword))) {
    // A stolen session must not become a way to guess the password (as in two-factor's disable):
    // the failure is counted and, being no typo in the input, costs the write limit its turn.
    await recordFailedLogin(prisma, userId, client, new Date(), { method: "reauthentication" });
    throw new ForbiddenError(m.error_user_wrongCurrentPassword());
  }
  return setPassword(prisma, userId, input.newPassword, currentSessionId, client, "settings");
}
