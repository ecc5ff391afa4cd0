import { TRPCError } from "@trpc/server";
import type { Prisma } from "../../platform/db/postgres.ts";
import { hashPassword, verifyPassword } from "../auth/password.ts";
import { isUniqueViolation, type ClientInfo } from "../auth/service.ts";
import { recordSecurityEvent } from "../security/service.ts";
import { revokeOtherSessions } from "./sessions.ts";

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

export async function updateProfile(prisma: Prisma, userId: number, changes: ProfileChanges) {
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
      throw new TRPCError({ code: "CONFLICT", message: "Username ini sudah dipakai. Pilih yang lain." });
    }
    throw error;
  }
  return getProfile(prisma, userId);
}

/** Sets a new password and signs every other device out; `password_changed` is recorded. */
export async function setPassword(
  prisma: Prisma,
  userId: number,
  newPassword: string,
  keepSessionId: string | null,
  client: ClientInfo,
  via: "settings" | "reset",
) {
  await prisma.user.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(newPassword), failedLoginCount: 0, lockedUntil: null },
  });
  await revokeOtherSessions(prisma, userId, keepSessionId, client, "password_changed");
  await recordSecurityEvent(prisma, { userId, eventType: "password_changed", ...client, metadata: { via } });
}

/** A password change from the settings: the current password must be given again. */
export async function changePassword(
  prisma: Prisma,
  userId: number,
  input: { currentPassword: string; newPassword: string },
  currentSessionId: string | null,
  client: ClientInfo,
) {
  const { passwordHash } = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  // A member who only ever used passkeys has no password to confirm.
  if (passwordHash !== null && !(await verifyPassword(passwordHash, input.currentPassword))) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "Kata sandi saat ini salah." });
  }
  await setPassword(prisma, userId, input.newPassword, currentSessionId, client, "settings");
}
