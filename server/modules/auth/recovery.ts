import type { Prisma } from "../../platform/db/postgres.ts";
import type { Mailer } from "../../platform/mailer.ts";
import { recordSecurityEvent } from "../security/service.ts";
import { setPassword, type PasswordChange } from "../user/account.ts";
import { consumeMailToken, issueMailToken, MAIL_TOKEN_TTL_MINUTES } from "./email-tokens.ts";
import type { ClientInfo } from "./service.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";
import { isLocale, DEFAULT_LOCALE, type Locale } from "../../../shared/locale.ts";

/** A member's mail speaks the language they chose (users.locale, set by the switch and at sign-up). */
const mailLocale = (stored: string): Locale => (isLocale(stored) ? stored : DEFAULT_LOCALE);

export interface RecoveryDeps {
  prisma: Prisma;
  mailer: Mailer;
}

export async function sendVerificationMail(deps: RecoveryDeps, user: { id: number; email: string; username: string }, origin: string) {
  const token = await issueMailToken(deps.prisma, "verification", user.id);
  const { locale: stored } = await deps.prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { locale: true } });
  const locale = { locale: mailLocale(stored) };
  const link = `${origin}/verifikasi-email?${new URLSearchParams({ token })}`;
  await deps.mailer.send({
    to: user.email,
    subject: m.mail_verify_subject({}, locale),
    text: [
      m.mail_hello({ username: user.username }, locale),
      "",
      m.mail_verify_intro({}, locale),
      link,
      "",
      m.mail_verify_expiry({ hours: MAIL_TOKEN_TTL_MINUTES.verification / 60 }, locale),
      m.mail_verify_ignore({}, locale),
    ].join("\n"),
  });
}

export async function verifyEmail(prisma: Prisma, token: string, client: ClientInfo) {
  const userId = await consumeMailToken(prisma, "verification", token);
  await prisma.user.update({ where: { id: userId }, data: { isVerified: true } });
  await recordSecurityEvent(prisma, { userId, eventType: "email_verified", ...client });
}

/**
 * Mails a reset link when the address has an account, and does nothing visible otherwise:
 * the caller answers the same either way.
 */
export async function requestPasswordReset(deps: RecoveryDeps, email: string, origin: string, client: ClientInfo) {
  const user = await deps.prisma.user.findUnique({ where: { email }, select: { id: true, username: true, email: true, isLocked: true, locale: true } });
  if (!user || user.isLocked) return;
  const token = await issueMailToken(deps.prisma, "passwordReset", user.id);
  await recordSecurityEvent(deps.prisma, { userId: user.id, eventType: "password_reset_requested", ...client });
  const link = `${origin}/atur-ulang-sandi?${new URLSearchParams({ token })}`;
  const locale = { locale: mailLocale(user.locale) };
  await deps.mailer.send({
    to: user.email,
    subject: m.mail_reset_subject({}, locale),
    text: [
      m.mail_hello({ username: user.username }, locale),
      "",
      m.mail_reset_intro({}, locale),
      link,
      "",
      m.mail_reset_expiry({ minutes: MAIL_TOKEN_TTL_MINUTES.passwordReset }, locale),
      m.mail_reset_ignore({}, locale),
    ].join("\n"),
  });
}

/** Sets the new password from a reset link, signs every other session out and revokes every access token. */
export async function resetPassword(prisma: Prisma, token: string, newPassword: string, keepSessionId: string | null, client: ClientInfo) {
  const userId = await consumeMailToken(prisma, "passwordReset", token);
  return { userId, ...(await setPassword(prisma, userId, newPassword, keepSessionId, client, "reset")) };
}

/** Tells the member their password changed, and what that signed out, with a way back if it was not them. */
export async function sendPasswordChangedMail(deps: RecoveryDeps, userId: number, change: PasswordChange, origin: string) {
  const user = await deps.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, username: true, locale: true } });
  const locale = { locale: mailLocale(user.locale) };
  await deps.mailer.send({
    to: user.email,
    subject: m.mail_passwordChanged_subject({}, locale),
    text: [
      m.mail_hello({ username: user.username }, locale),
      "",
      m.mail_passwordChanged_intro({}, locale),
      m.mail_passwordChanged_sessions({ count: change.revokedSessions }, locale),
      m.mail_passwordChanged_tokens({ count: change.revokedTokens }, locale),
      `  ${origin}/pengaturan/token`,
      "",
      m.mail_passwordChanged_notYou({}, locale),
      `${origin}/lupa-sandi`,
    ].join("\n"),
  });
}
