import type { Prisma } from "../../platform/db/postgres.ts";
import type { Context } from "../../trpc/context.ts";
import { notifyPasswordChanged } from "../auth/requests.ts";
import { changePassword } from "./account.ts";
import { listSessions, revokeOtherSessions, revokeSession } from "./sessions.ts";

/*
 * The signed-in member's own account, as one call per `user.*` procedure: the password and the
 * signed-in devices (sessions.ts). The profile fields are account.ts's.
 */

type Member = Context & { user: NonNullable<Context["user"]> };

/** A password change from the settings; the member is mailed what it signed out, after the answer. */
export async function changeOwnPassword(ctx: Member, input: { currentPassword: string; newPassword: string }) {
  const change = await changePassword(ctx.prisma, ctx.user.id, input, ctx.session?.id ?? null, ctx.client);
  notifyPasswordChanged(ctx, ctx.user.id, change);
  return { ok: true };
}

/** The member's signed-in devices, this one marked. */
export function listOwnSessions(ctx: Member) {
  return listSessions(ctx.prisma, ctx.user.id, ctx.session?.id ?? null);
}

export async function revokeOwnSession(ctx: Member, publicId: string) {
  await revokeSession(ctx.prisma, ctx.user.id, publicId, ctx.client);
  return { ok: true };
}

/** Signs every other device of the member out. */
export async function revokeOwnOtherSessions(ctx: Member) {
  const revoked = await revokeOtherSessions(ctx.prisma, ctx.user.id, ctx.session?.id ?? null, ctx.client);
  return { revoked };
}

/**
 * Ends every way the member is signed in, at once: all sessions and all personal access tokens
 * are revoked (rows, not only refused at the next request), on the client or in the caller's
 * transaction (an admin's lock, moderation/members.ts). Answers how many of each.
 */
export async function revokeAllAccess(db: Pick<Prisma, "session" | "personalAccessToken">, userId: number, now = new Date()) {
  const sessions = await db.session.updateMany({ where: { userId, isRevoked: false }, data: { isRevoked: true } });
  const tokens = await db.personalAccessToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  return { sessions: sessions.count, tokens: tokens.count };
}
