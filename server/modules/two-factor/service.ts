import type { Session } from "lucia";
import QRCode from "qrcode";
import type { Prisma } from "../../platform/db/postgres.ts";
import { ConflictError, ForbiddenError, InvalidError, UnauthenticatedError } from "../../platform/errors.ts";
import type { Env } from "../../platform/env.ts";
import type { Context } from "../../trpc/context.ts";
import type { Auth } from "../auth/lucia.ts";
import { verifyPassword } from "../auth/password.ts";
import { isSecondFactorPending } from "../auth/policies.ts";
import { setSignInCookies } from "../auth/requests.ts";
import { accountLockError, LOGIN_LOCK_THRESHOLD, openSession, recordFailedLogin, type ClientInfo } from "../auth/service.ts";
import { recordSecurityEvent } from "../security/service.ts";
import { consumeBackupCode, replaceBackupCodes, unusedBackupCodeCount } from "./backup-codes.ts";
import { acceptedTimeStep, newTotpSecret, openSecret, sealSecret, totpUri } from "./totp.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

export interface TwoFactorDeps {
  prisma: Prisma;
  auth: Auth;
  env: Pick<Env, "TOTP_ENCRYPTION_KEY">;
}

type SecondFactor = "totp" | "backup_code";

interface TwoFactorUser {
  id: number;
  totpSecret: string | null;
  totpLastTimeStep: number | null;
}

/**
 * Which second factor `code` is: a current TOTP code not used before, or (when allowed) one of
 * the member's unused backup codes, which it uses up. Null when it is neither.
 */
async function checkSecondFactor(
  deps: TwoFactorDeps,
  user: TwoFactorUser,
  code: string,
  { allowBackupCode }: { allowBackupCode: boolean },
): Promise<SecondFactor | null> {
  if (/^\d{6}$/.test(code)) {
    if (!user.totpSecret) return null;
    const secret = openSecret(user.totpSecret, deps.env.TOTP_ENCRYPTION_KEY);
    const timeStep = await acceptedTimeStep(secret, code, user.totpLastTimeStep);
    if (timeStep === null) return null;
    // Claiming the time step atomically: of two requests with one code, only one is accepted.
    const { count } = await deps.prisma.user.updateMany({
      where: { id: user.id, OR: [{ totpLastTimeStep: null }, { totpLastTimeStep: { lt: timeStep } }] },
      data: { totpLastTimeStep: timeStep },
    });
    return count === 1 ? "totp" : null;
  }
  if (allowBackupCode && (await consumeBackupCode(deps.prisma, user.id, code))) return "backup_code";
  return null;
}

export async function twoFactorStatus(prisma: Prisma, userId: number) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabled: true } });
  return {
    enabled: user.totpEnabled,
    backupCodesRemaining: user.totpEnabled ? await unusedBackupCodeCount(prisma, userId) : 0,
  };
}

const alreadyOn = () => new ConflictError(m.error_twoFactor_alreadyOn());
const notOn = () => new InvalidError(m.error_twoFactor_notOn());

/**
 * Starts enrolment: a new secret, kept (not yet enabled) until a code from it is confirmed.
 * The only time the secret leaves the server.
 */
export async function beginTotpSetup(deps: TwoFactorDeps, userId: number) {
  const user = await deps.prisma.user.findUniqueOrThrow({ where: { id: userId } });
  if (user.totpEnabled) throw alreadyOn();
  const secret = newTotpSecret();
  await deps.prisma.user.update({
    where: { id: userId },
    data: { totpSecret: sealSecret(secret, deps.env.TOTP_ENCRYPTION_KEY), totpLastTimeStep: null },
  });
  const uri = totpUri(secret, user.username);
  return { secret, uri, qrCode: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
}

/** Turns TOTP on once a code from the new secret checks out; answers the backup codes, once. */
export async function confirmTotpSetup(deps: TwoFactorDeps, userId: number, code: string, client: ClientInfo) {
  const user = await deps.prisma.user.findUniqueOrThrow({ where: { id: userId } });
  if (user.totpEnabled) throw alreadyOn();
  if (!user.totpSecret) {
    throw new InvalidError(m.error_twoFactor_startFirst());
  }
  if ((await checkSecondFactor(deps, user, code, { allowBackupCode: false })) === null) {
    throw new InvalidError(m.error_twoFactor_codeMismatch());
  }
  const { count } = await deps.prisma.user.updateMany({ where: { id: userId, totpEnabled: false }, data: { totpEnabled: true } });
  if (count === 0) throw alreadyOn();
  const backupCodes = await replaceBackupCodes(deps.prisma, userId);
  await recordSecurityEvent(deps.prisma, { userId, eventType: "totp_enabled", ...client });
  return { backupCodes };
}

/**
 * The second step of a password sign-in. A wrong code counts like a wrong password (towards
 * the temporary lock). On success the pending session is replaced by a new, verified one, so an
 * id seen before the second factor is worth nothing after it.
 */
export async function completeTwoFactorLogin(
  deps: TwoFactorDeps,
  session: Session,
  code: string,
  client: ClientInfo,
  now = new Date(),
) {
  const user = await deps.prisma.user.findUniqueOrThrow({ where: { id: session.userId } });
  const locked = accountLockError(user);
  if (locked) throw locked;
  // TOTP turned off meanwhile (from another device): the password was all that is needed.
  const method = user.totpEnabled ? await checkSecondFactor(deps, user, code, { allowBackupCode: true }) : "totp";
  if (!method) {
    const failures = await recordFailedLogin(deps.prisma, user.id, client, now, { method: "second_factor" });
    if (failures >= LOGIN_LOCK_THRESHOLD) {
      // Guessing codes ends this pending session: the next try starts again at the (throttled) password.
      await deps.auth.invalidateSession(session.id);
      throw new UnauthenticatedError(m.error_twoFactor_tooManyWrongCodes());
    }
    throw new UnauthenticatedError(m.error_twoFactor_wrongCode());
  }
  await deps.prisma.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null } });
  if (method === "backup_code") {
    await recordSecurityEvent(deps.prisma, {
      userId: user.id,
      eventType: "backup_code_used",
      ...client,
      metadata: { remaining: await unusedBackupCodeCount(deps.prisma, user.id) },
    });
  }
  await deps.auth.invalidateSession(session.id);
  return { user, session: await openSession(deps, user, client, true), method };
}

/** Turns TOTP off after the member proves it is them again: current password and a code. */
export async function disableTotp(
  deps: TwoFactorDeps,
  userId: number,
  input: { password: string; code: string },
  client: ClientInfo,
) {
  const user = await deps.prisma.user.findUniqueOrThrow({ where: { id: userId } });
  if (!user.totpEnabled) throw notOn();
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.password))) {
    // A stolen session must not become a way to guess the password.
    await recordFailedLogin(deps.prisma, userId, client, new Date(), { method: "reauthentication" });
    throw new ForbiddenError(m.error_wrongPassword());
  }
  if ((await checkSecondFactor(deps, user, input.code, { allowBackupCode: true })) === null) {
    throw new ForbiddenError(m.error_twoFactor_wrongCode());
  }
  await deps.prisma.$transaction([
    deps.prisma.user.update({
      where: { id: userId },
      data: { totpEnabled: false, totpSecret: null, totpLastTimeStep: null },
    }),
    deps.prisma.backupCode.deleteMany({ where: { userId } }),
  ]);
  await recordSecurityEvent(deps.prisma, { userId, eventType: "totp_disabled", ...client });
  return { enabled: false };
}

/** New backup codes (the old ones stop working), given a current code from the authenticator app. */
export async function regenerateBackupCodes(deps: TwoFactorDeps, userId: number, code: string) {
  const user = await deps.prisma.user.findUniqueOrThrow({ where: { id: userId } });
  if (!user.totpEnabled) throw notOn();
  if ((await checkSecondFactor(deps, user, code, { allowBackupCode: false })) === null) {
    throw new ForbiddenError(m.error_twoFactor_wrongTotp());
  }
  return { backupCodes: await replaceBackupCodes(deps.prisma, userId) };
}

/** Whether this browser's session waits for its second factor (`auth.twoFactor.pending`). */
export function secondFactorPending(ctx: Pick<Context, "session">): boolean {
  return isSecondFactorPending(ctx.session);
}

/** `auth.twoFactor.verify`: the second step, and the cookies of the verified session and of this device. */
export async function verifySecondFactor(ctx: Context & { session: Session }, code: string) {
  const { user, session, method } = await completeTwoFactorLogin(ctx, ctx.session, code, ctx.client);
  setSignInCookies(ctx, session, user.id);
  return { id: user.id, username: user.username, method };
}

/**
 * Turns a member's TOTP off and deletes their backup codes without a code: an admin's reset
 * for a member who lost their authenticator (moderation.members.resetTwoFactor), in the
 * caller's transaction, which logs it. Answers whether two-factor was on.
 */
export async function clearTwoFactor(db: Pick<Prisma, "user" | "backupCode">, userId: number): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: userId, totpEnabled: true },
    data: { totpEnabled: false, totpSecret: null, totpLastTimeStep: null },
  });
  await db.backupCode.deleteMany({ where: { userId } });
  return count > 0;
}
