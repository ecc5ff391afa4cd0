/*
 * Who may do what with a member's account records. The service asks these and throws (a session
 * the caller may not revoke is NotFoundError: another member's session is as good as missing).
 */

/** A signed-in device is listed and revoked only by the member it belongs to. */
export function canManageSession(session: { userId: number }, memberId: number): boolean {
  return session.userId === memberId;
}
