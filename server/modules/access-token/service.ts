import { createHash, randomBytes } from "node:crypto";
import type { Prisma } from "../../platform/db/postgres.ts";
import { InvalidError, NotFoundError, UnauthenticatedError } from "../../platform/errors.ts";
import type { ClientInfo } from "../auth/service.ts";
import { recordSecurityEvent } from "../security/service.ts";
import { canRevokeAccessToken } from "./policies.ts";
import { ACCESS_SCOPES, DEFAULT_ACCESS_SCOPES, type AccessScope } from "./scopes.ts";
import type { AccessTokenUsage } from "./usage.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/*
 * Personal access tokens, all of it: how a request is authenticated by one (bearerTokenOf,
 * resolveAccessToken, used by the request context and the CSRF check; what each may do is scopes.ts) and how a member manages
 * theirs (`user.accessTokens.*`).
 */

/** Personal access tokens look like `aleph_pat_<random>`; only their SHA-256 is stored. */
export const ACCESS_TOKEN_PREFIX = "aleph_pat_";

/** SHA-256 in hex: how access tokens and mailed link tokens (auth/email-tokens.ts) are stored. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** How often, at most, a token's last use (time and client address) is written to PostgreSQL. */
export const LAST_USE_WRITE_INTERVAL_MS = 60_000;


/**
 * The token a request authenticates with and its owner, or why it is refused (unknown, revoked,
 * expired, owner locked): a bearer that was sent but proves nothing is an UNAUTHORIZED answer to
 * every call, never a silent fall back to anonymous. Records the last use (time and client
 * address) at most once a minute per token, or when the address changed.
 */
export async function resolveAccessToken(prisma: Prisma, token: string, ip: string | null, now = new Date()) {
  if (!token.startsWith(ACCESS_TOKEN_PREFIX)) return new UnauthenticatedError(m.error_accessToken_unknown());
  const record = await prisma.personalAccessToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: true },
  });
  if (!record || record.revokedAt || record.user.isLocked) return new UnauthenticatedError(m.error_accessToken_unknown());
  if (record.expiresAt && record.expiresAt <= now) {
    return new UnauthenticatedError(
      m.error_accessToken_expired({ expiresAt: record.expiresAt.toISOString() }),
    );
  }
  const stale = new Date(now.getTime() - LAST_USE_WRITE_INTERVAL_MS);
  if (!record.lastUsedAt || record.lastUsedAt < stale || (ip !== null && record.lastUsedIp !== ip)) {
    // Conditional: of many concurrent requests of one token, the first write makes the rest match nothing.
    await prisma.personalAccessToken.updateMany({
      where: {
        id: record.id,
        OR: [
          { lastUsedAt: null },
          { lastUsedAt: { lt: stale } },
          ...(ip === null ? [] : [{ lastUsedIp: null }, { lastUsedIp: { not: ip } }]),
        ],
      },
      data: { lastUsedAt: now, lastUsedIp: ip },
    });
  }
  return { user: record.user, token: { id: record.id, scopes: record.scopes } };
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
  lastUsedIp: true,
  expiresAt: true,
  scopes: true,
} as const;

/**
 * The member's tokens that still work or have merely expired (revoked ones are gone), each with
 * its requests in the last 24 hours (null while Redis cannot say).
 */
export async function listAccessTokens(ctx: { prisma: Prisma; accessTokenUsage: AccessTokenUsage }, userId: number) {
  const tokens = await ctx.prisma.personalAccessToken.findMany({
    where: { userId, revokedAt: null },
    select: tokenSummary,
    orderBy: { createdAt: "desc" },
  });
  const calls = await ctx.accessTokenUsage.callsInLastDay(tokens.map((token) => token.id));
  return tokens.map((token) => ({ ...token, callsLastDay: calls?.get(token.id) ?? null }));
}

/**
 * A new token, answered in clear this once; only its SHA-256 is kept (256 random bits need no
 * slow hash). It acts with its owner's rights within its scopes (read + content:write unless
 * told), never managing the account's credentials.
 */
export async function createAccessToken(
  prisma: Prisma,
  userId: number,
  input: { name: string; expiresInDays: number | null; scopes?: readonly AccessScope[] },
  client: ClientInfo,
  now = new Date(),
) {
  const live = await prisma.personalAccessToken.count({ where: { userId, revokedAt: null } });
  if (live >= MAX_ACCESS_TOKENS) {
    throw new InvalidError(m.error_accessToken_tooMany({ max: MAX_ACCESS_TOKENS }));
  }
  const token = ACCESS_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const created = await prisma.personalAccessToken.create({
    data: {
      userId,
      name: input.name,
      tokenHash: hashToken(token),
      tokenPrefix: token.slice(0, SHOWN_PREFIX_LENGTH),
      expiresAt: input.expiresInDays === null ? null : new Date(now.getTime() + input.expiresInDays * 86_400_000),
      // In the table's order, each once.
      scopes: ACCESS_SCOPES.filter((scope) => (input.scopes ?? DEFAULT_ACCESS_SCOPES).includes(scope)),
    },
    select: tokenSummary,
  });
  await recordSecurityEvent(prisma, {
    userId,
    eventType: "access_token_created",
    ...client,
    metadata: { tokenId: created.id, name: created.name, scopes: created.scopes.join(" ") },
  });
  return { ...created, token };
}

export async function revokeAccessToken(prisma: Prisma, userId: number, id: number, client: ClientInfo) {
  // Another member's token (canRevokeAccessToken) is as good as missing.
  const token = await prisma.personalAccessToken.findUnique({ where: { id }, select: { userId: true, revokedAt: true } });
  if (!token || !canRevokeAccessToken(token, userId)) throw new NotFoundError(m.error_accessToken_notFound());
  // Still scoped, so of two concurrent revocations only one counts.
  const { count } = await prisma.personalAccessToken.updateMany({
    where: { id, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new NotFoundError(m.error_accessToken_notFound());
  await recordSecurityEvent(prisma, { userId, eventType: "access_token_revoked", ...client, metadata: { tokenId: id } });
  return { id };
}
