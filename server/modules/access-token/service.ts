import { randomBytes } from "node:crypto";
import type { Prisma } from "../../platform/db/postgres.ts";
import { InvalidError, NotFoundError } from "../../platform/errors.ts";
import { ACCESS_TOKEN_PREFIX, hashToken } from "../auth/access-token.ts";
import type { ClientInfo } from "../auth/service.ts";
import { recordSecurityEvent } from "../security/service.ts";

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
  // Scoped by owner: another member's token is as good as missing.
  const { count } = await prisma.personalAccessToken.updateMany({
    where: { id, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new NotFoundError("Token akses tidak ditemukan.");
  await recordSecurityEvent(prisma, { userId, eventType: "access_token_revoked", ...client, metadata: { tokenId: id } });
  return { id };
}
