/** Named access rules of the admin area (sessions.ts and service.ts call them and refuse). */

/** Idle time that ends a session (sliding: each request past it is refused, each before renews it). */
export const ADMIN_IDLE_MS = 30 * 60_000;
/** However active, a session ends this long after it was opened. */
export const ADMIN_ABSOLUTE_MS = 8 * 60 * 60_000;
/** A session that passed its password but not yet its code lives this long. */
export const ADMIN_PENDING_MS = 5 * 60_000;

interface SessionRow {
  twoFactorVerified: boolean;
  expiresAt: Date;
  createdAt: Date;
  lastActiveAt: Date;
}

/**
 * Whether a session still opens anything: its admin is active, it is within its absolute
 * lifetime and its idle window, and a session still waiting for its code is under five minutes old.
 */
export function isAdminSessionLive(session: SessionRow, admin: { isActive: boolean }, now: Date): boolean {
  if (!admin.isActive) return false;
  if (session.expiresAt.getTime() <= now.getTime()) return false;
  if (now.getTime() - session.lastActiveAt.getTime() > ADMIN_IDLE_MS) return false;
  if (!session.twoFactorVerified && now.getTime() - session.createdAt.getTime() > ADMIN_PENDING_MS) return false;
  return true;
}

/** Who may sign in at /admin/masuk: an active admin that finished setup (password and TOTP). */
export function canSignIn(admin: { isActive: boolean; totpEnabled: boolean; totpSecret: string | null }): boolean {
  return admin.isActive && admin.totpEnabled && admin.totpSecret !== null;
}

/** An admin manages (lists, revokes) only its own sessions. */
export function canManageAdminSession(session: { adminId: number }, adminId: number): boolean {
  return session.adminId === adminId;
}
