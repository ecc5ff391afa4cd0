import type { Session } from "lucia";

/*
 * Who counts as signed in: the one rule for `auth.me`, `auth.twoFactor.pending` and the
 * procedure kinds of server/trpc/init.ts (protectedProcedure, pendingTwoFactorProcedure).
 */

/** A request is signed in past its second factor: no cookie session, or one that gave it. */
export function isPastSecondFactor(session: Pick<Session, "twoFactorVerified"> | null): boolean {
  return !session || session.twoFactorVerified;
}

/** This browser's session signed in with its password and still waits for its second factor. */
export function isSecondFactorPending(session: Pick<Session, "twoFactorVerified"> | null): boolean {
  return Boolean(session && !session.twoFactorVerified);
}
