import type { Session } from "lucia";
import { NotFoundError, InvalidError } from "../../platform/errors.ts";
import type { Context } from "../../trpc/context.ts";
import type { PasswordChange } from "../user/account.ts";
import { inBackground, recoveryDeps } from "./background.ts";
import { deviceCookieFrom } from "./device-cookie.ts";
import { isPastSecondFactor } from "./policies.ts";
import { requestPasswordReset, resetPassword, sendPasswordChangedMail, sendVerificationMail, verifyEmail } from "./recovery.ts";
import { guardAuthRequest } from "./request-guard.ts";
import { isKnownDevice, login, logout, register, type LoginInput, type RegisterInput } from "./service.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/*
 * What each `auth.*` procedure does with its request, as one call for the router: the request
 * guard in front, the service (service.ts, recovery.ts), the cookies, and the mail sent after
 * the answer. Kept apart from service.ts, whose sign-in rules other modules use.
 */

interface GuardedForm {
  captcha?: string | undefined;
  deviceFingerprint?: string | undefined;
}

/**
 * Sets the session cookie of a sign-in and, when `rememberDeviceOf` names its member, the
 * device cookie that exempts this browser from the account's throttle (device-cookie.ts).
 */
export function setSignInCookies(ctx: Pick<Context, "auth" | "deviceCookies" | "request">, session: Session, rememberDeviceOf?: number) {
  ctx.request.setCookie(ctx.auth.createSessionCookie(session.id).serialize());
  if (rememberDeviceOf !== undefined) ctx.request.setCookie(ctx.deviceCookies.issue(rememberDeviceOf));
}

/** The signed-in member, or null, also while the session still waits for its second factor. */
export function signedInMember(ctx: Context) {
  return isPastSecondFactor(ctx.session) ? ctx.user : null;
}

export async function registerMember(ctx: Context, input: RegisterInput & GuardedForm) {
  const client = await guardAuthRequest(ctx, "register", input);
  const { user, session } = await register(ctx, input, client, ctx.locale);
  setSignInCookies(ctx, session);
  const origin = ctx.publicOrigin;
  inBackground(ctx, "verification mail", () => sendVerificationMail(recoveryDeps(ctx), user, origin));
  return { id: user.id, username: user.username };
}

export async function signIn(ctx: Context, input: LoginInput & GuardedForm) {
  const deviceCookie = deviceCookieFrom(ctx.request.headers.get("cookie"));
  const deviceUserId = ctx.deviceCookies.userIdOf(deviceCookie);
  const known = await isKnownDevice(ctx.prisma, input.identifier, deviceUserId);
  // A device that signed in to this account before is limited on its own, not by the account's
  // count, which strangers elsewhere can use up.
  const account = known ? `device:${deviceCookie}` : input.identifier;
  const client = await guardAuthRequest(ctx, "login", { ...input, account });
  const { user, session } = await login(ctx, input, client, new Date(), { deviceUserId });
  setSignInCookies(ctx, session, session.twoFactorVerified ? user.id : undefined);
  return { id: user.id, username: user.username, twoFactorRequired: !session.twoFactorVerified };
}

/** Ends this browser's session, also one still waiting for its second factor. */
export async function signOut(ctx: Context) {
  if (ctx.session) await logout(ctx, ctx.session, ctx.client);
  ctx.request.setCookie(ctx.auth.createBlankSessionCookie().serialize());
  return { ok: true };
}

/** A signed ALTCHA proof-of-work challenge for the register, login and reset forms (null: CAPTCHA off). */
export function captchaChallenge(ctx: Context) {
  return ctx.env.CAPTCHA_ENABLED ? ctx.captcha.challenge() : null;
}

export async function verifyEmailLink(ctx: Context, token: string) {
  await verifyEmail(ctx.prisma, token, ctx.client);
  return { ok: true };
}

/** Mails the signed-in member a new verification link. */
export async function resendVerification(ctx: Context & { user: NonNullable<Context["user"]> }) {
  if (ctx.user.isVerified) throw new InvalidError(m.error_auth_alreadyVerified());
  await guardAuthRequest(ctx, "verificationResend", { account: String(ctx.user.id) });
  await sendVerificationMail(recoveryDeps(ctx), ctx.user, ctx.publicOrigin);
  return { ok: true };
}

/** Always the same answer, whether or not the address has an account. */
export async function mailPasswordReset(ctx: Context, input: { email: string } & GuardedForm) {
  const client = await guardAuthRequest(ctx, "passwordReset", { ...input, account: input.email });
  const origin = ctx.publicOrigin;
  inBackground(ctx, "password reset mail", () => requestPasswordReset(recoveryDeps(ctx), input.email, origin, client));
  return { ok: true };
}

/** Tells the member, after the answer, that their password changed and what that signed out. */
export function notifyPasswordChanged(ctx: Context, userId: number, change: PasswordChange) {
  const origin = ctx.publicOrigin;
  inBackground(ctx, "password changed mail", () => sendPasswordChangedMail(recoveryDeps(ctx), userId, change, origin));
}

/** A new password from a reset link; every other session of the member is signed out. */
export async function resetPasswordFromLink(ctx: Context, input: { token: string; password: string }) {
  const { userId, ...change } = await resetPassword(ctx.prisma, input.token, input.password, ctx.session?.id ?? null, ctx.client);
  notifyPasswordChanged(ctx, userId, change);
  return { ok: true };
}

/** Mail sent without SMTP, newest first, for developers; NotFoundError where the dev mailbox is off. */
export function devMailbox(ctx: Context) {
  const mail = ctx.mailer.devMailbox();
  if (!mail) throw new NotFoundError(m.error_auth_devMailboxOff());
  return mail;
}
