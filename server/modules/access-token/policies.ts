/*
 * Who may do what with a personal access token. The service asks these and throws (a token the
 * caller may not manage is NotFoundError: another member's token is as good as missing).
 */

/** A token is revoked only by the member it belongs to, and only while it is not revoked yet. */
export function canRevokeAccessToken(token: { userId: number; revokedAt: Date | null }, memberId: number): boolean {
  return token.userId === memberId && token.revokedAt === null;
}
