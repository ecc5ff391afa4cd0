import { randomBytes } from "node:crypto";
import type { Prisma } from "../../platform/db/postgres.ts";
import { InvalidError } from "../../platform/errors.ts";
import { hashToken } from "../access-token/service.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/** The two kinds of link sent by mail, and how long each stays valid. */
export const MAIL_TOKEN_TTL_MINUTES = { verification: 24 * 60, passwordReset: 60 } as const;
export type MailTokenKind = keyof typeof MAIL_TOKEN_TTL_MINUTES;

function tableOf(prisma: Prisma, kind: MailTokenKind) {
  // Both tables have the same columns; one delegate type serves both.
  return (kind === "verification" ? prisma.emailVerificationToken : prisma.passwordResetToken) as Prisma["passwordResetToken"];
}

/**
 * A new single-use token for the member. Only its SHA-256 is stored; earlier unused tokens
 * of the same kind stop working, so only the newest mail's link is valid.
 */
export async function issueMailToken(prisma: Prisma, kind: MailTokenKind, userId: number, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const table = tableOf(prisma, kind);
  await table.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
  await table.create({
    data: { userId, token: hashToken(token), expiresAt: new Date(now.getTime() + MAIL_TOKEN_TTL_MINUTES[kind] * 60_000) },
  });
  return token;
}

/**
 * Spends a token: one conditional update, so two concurrent uses cannot both succeed.
 * Returns the member it belongs to; an unknown, expired or used token is an InvalidError.
 */
export async function consumeMailToken(prisma: Prisma, kind: MailTokenKind, token: string, now = new Date()): Promise<number> {
  const table = tableOf(prisma, kind);
  const tokenHash = hashToken(token);
  const { count } = await table.updateMany({
    where: { token: tokenHash, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count === 0) {
    throw new InvalidError(m.error_auth_linkInvalid());
  }
  const row = await table.findUniqueOrThrow({ where: { token: tokenHash }, select: { userId: true } });
  return row.userId;
}
