import type { Prisma } from "../../platform/db/postgres.ts";
import type { Mailer } from "../../platform/mailer.ts";
import { recordSecurityEvent } from "../security/service.ts";
import { setPassword, type PasswordChange } from "../user/account.ts";
import { consumeMailToken, issueMailToken, MAIL_TOKEN_TTL_MINUTES } from "./email-tokens.ts";
import type { ClientInfo } from "./service.ts";

export interface RecoveryDeps {
  prisma: Prisma;
  mailer: Mailer;
}

export async function sendVerificationMail(deps: RecoveryDeps, user: { id: number; email: string; username: string }, origin: string) {
  const token = await issueMailToken(deps.prisma, "verification", user.id);
  const link = `${origin}/verifikasi-email?${new URLSearchParams({ token })}`;
  await deps.mailer.send({
    to: user.email,
    subject: "Verifikasi email akun Alephdraad kamu",
    text: [
      `Halo ${user.username},`,
      "",
      "Buka tautan ini untuk memverifikasi alamat email kamu:",
      link,
      "",
      `Tautan berlaku ${MAIL_TOKEN_TTL_MINUTES.verification / 60} jam dan hanya bisa dipakai sekali.`,
      "Kalau kamu tidak mendaftar di Alephdraad, abaikan email ini.",
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
  const user = await deps.prisma.user.findUnique({ where: { email }, select: { id: true, username: true, email: true, isLocked: true } });
  if (!user || user.isLocked) return;
  const token = await issueMailToken(deps.prisma, "passwordReset", user.id);
  await recordSecurityEvent(deps.prisma, { userId: user.id, eventType: "password_reset_requested", ...client });
  const link = `${origin}/atur-ulang-sandi?${new URLSearchParams({ token })}`;
  await deps.mailer.send({
    to: user.email,
    subject: "Atur ulang kata sandi Alephdraad",
    text: [
      `Halo ${user.username},`,
      "",
      "Seseorang (semoga kamu) meminta pengaturan ulang kata sandi akun ini. Buka tautan ini untuk membuat kata sandi baru:",
      link,
      "",
      `Tautan berlaku ${MAIL_TOKEN_TTL_MINUTES.passwordReset} menit dan hanya bisa dipakai sekali.`,
      "Kalau kamu tidak memintanya, abaikan email ini: kata sandimu tidak berubah.",
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
  const user = await deps.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, username: true } });
  await deps.mailer.send({
    to: user.email,
    subject: "Kata sandi akun Alephdraad kamu diganti",
    text: [
      `Halo ${user.username},`,
      "",
      "Kata sandi akun Alephdraad kamu baru saja diganti.",
      `- ${change.revokedSessions} sesi di perangkat lain dikeluarkan.`,
      `- ${change.revokedTokens} token akses dicabut; program yang memakainya perlu token baru (Pengaturan → Token akses):`,
      `  ${origin}/pengaturan/token`,
      "",
      "Kalau bukan kamu yang menggantinya, atur ulang kata sandimu sekarang:",
      `${origin}/lupa-sandi`,
    ].join("\n"),
  });
}
