/*
 * Who may do what with a passkey. The service asks these and throws (a passkey the caller may
 * not manage is NotFoundError: another member's passkey is as good as missing).
 */

/** A passkey is renamed or removed only by the member it belongs to. */
export function canManagePasskey(passkey: { userId: number }, memberId: number): boolean {
  return passkey.userId === memberId;
}
