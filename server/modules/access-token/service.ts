import { createHash, randomBytes } from "node:crypto";
import type { Prisma } from "../../platform/db/postgres.ts";
import { InvalidError, NotFoundError } from "../../platform/errors.ts";
import type { ClientInfo } from "../auth/service.ts";
import { recordSecurityEvent } from "../security/service.ts";
import { canRevokeAccessToken } from "./policies.ts";

/*
 * Personal access tokens, all of it: how a request is authenticated by one (bearerTokenOf,
 * userForAccessToken, used by the request context and the CSRF check) and how a member manages
 * theirs (`user.accessTokens.*`).
 */

/** Personal access tokens look like `aleph_pat_<random>`; only their SHA-256 is stored. */
export const ACCESS_TOKEN_PREFIX = "aleph_pat_";

/** SHA-256 in hex: how access tokens and mailed link tokens (auth/email-tokens.ts) are stored. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The owner of a live (unrevoked, unexpired) access token, or null. */
export async function userForAccessToken(prisma: Prisma, token: string, now = new Date()) {
  if (!token.startsWith(ACCESS_TOKEN_PREFIX)) return null;
  const record = await prisma.personalAccessToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: true },
  });
  if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now)) return null;
  if (record.user.isLocked) return null;
  // Last use to the minute is enough for the token list and saves a write per request.
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > 60_000) {
    await prisma.personalAccessToken.update({ where: { id: record.id }, data: { lastUsedAt: now } });
  }
  return record.user;
}

/**
 * The token of an `Authorization: Bearer <token>` header, or undefined. The one reading of the
 * header: the request context authenticates by it (never falling back to the cookie), and the
 * CSRF check skips exactly these requests, which carry no ambient credential.
 */
export function bearerTokenOf(authorization: string | null | undefined): string | undefined {
  return /^Bearer[ \t]+(\S+)$/i.exec(authorization ?? "")?.[1];
}

/** Live tokens one member may hold; a program each is plenty. */
export const MAX_ACCESS_TOKENS = 50;
/** Characters of a token kept in clear to tell tokens apart in the list: the prefix plus 6. */
const SHOWN_PREFIX_LENGTH = ACCESS_TOKEN_PREFIX.length + 6;

const tokenSummary = {
  id: true,
  name: true,
  tokenPrefix: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
} as const;

/** The member's tokens that still work or have merely expired; revoked ones are gone. */
export function listAccessTokens(prisma: Prisma, userId: number) {
  return prisma.personalAccessToken.findMany({
    where: { userId, revokedAt: null },
    select: tokenSummary,
    orderBy: { createdAt: "desc" },
  });
}

/**
 * A new token, answered in clear this once; only its SHA-256 is kept (256 random bits need no
 * slow hash). It acts with its owner's rights, except managing the account's credentials.
 */
export async function createAccessToken(
  prisma: Prisma,
  userId: number,
  input: { name: string; expiresInDays: number | null },
  client: ClientInfo,
  now = new Date(),
) {
  const live = await prisma.personalAccessToken.count({ where: { userId, revokedAt: null } });
  if (live >= MAX_ACCESS_TOKENS) {
    throw new InvalidError(`Maksimal ${MAX_ACCESS_TOKENS} token akses. Cabut yang tidak dipakai lagi.`);
  }
  const token = ACCESS_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const created = await prisma.personalAccessToken.create({
    data: {
      userId,
      name: input.name,
      tokenHash: hashToken(token),
      tokenPrefix: token.slice(0, SHOWN_PREFIX_LENGTH),
      expiresAt: input.expiresInDays === null ? null : new Date(now.getTime() + input.expiresInDays * 86_400_000),
    },
    select: tokenSummary,
  });
  await recordSecurityEvent(prisma, {
    userId,
    eventType: "access_token_created",
    ...client,
    metadata: { tokenId: created.id, name: created.name },
  });
  return { ...created, token };
}

export async function revokeAccessToken(prisma: Prisma, userId: number, id: number, client: ClientInfo) {
  // Another member's token (canRevokeAccessToken) is as good as missing.
  const token = await prisma.personalAccessToken.findUnique({ where: { id }, select: { userId: true, revokedAt: true } });
  if (!token || !canRevokeAccessToken(token, userId)) throw new NotFoundError("Token akses tidak ditemukan.");
  // Still scoped, so of two concurrent revocations only one counts.
  const { count } = await prisma.personalAccessToken.updateMany({
    where: { id, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new NotFoundError("Token akses tidak ditemukan.");
  await recordSecurityEvent(prisma, { userId, eventType: "access_token_revoked", ...client, metadata: { tokenId: id } });
  return { id };
}
