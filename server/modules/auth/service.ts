import type { Session } from "lucia";
import { Prisma as PrismaSql } from "../../platform/db/generated/client.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { DEFAULT_LOCALE, type Locale } from "../../../shared/locale.ts";
import { ConflictError, ForbiddenError, UnauthenticatedError } from "../../platform/errors.ts";
import { recordSecurityEvent } from "../security/service.ts";
import type { Auth } from "./lucia.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/**
 * Sign-in throttling (OWASP: by account and by client, never a lock-out of the owner). A
 * password login from a new device gets LOGIN_LOCK_THRESHOLD free attempts in a row; after
 * that, one attempt per window, the window doubling from LOGIN_DELAY_BASE_SECONDS up to
 * LOGIN_DELAY_MAX_MINUTES. Devices that signed in to the account before (device cookie,
 * device-cookie.ts) and passkeys are not subject to it; per-client limits are request-guard.ts's.
 */
export const LOGIN_LOCK_THRESHOLD = 5;
export const LOGIN_DELAY_BASE_SECONDS = 30;
export const LOGIN_DELAY_MAX_MINUTES = 15;

/** The wait after the `attempt`-th failure in a row (from LOGIN_LOCK_THRESHOLD on). */
export function loginDelaySeconds(attempt: number): number {
  const doublings = Math.min(Math.max(0, attempt - LOGIN_LOCK_THRESHOLD), 20);
  return Math.min(LOGIN_DELAY_MAX_MINUTES * 60, LOGIN_DELAY_BASE_SECONDS * 2 ** doublings);
}


export interface AuthDeps {
  prisma: Prisma;
  auth: Auth;
}

/** Where a request comes from, stored with its session and security events. */
export interface ClientInfo {
  ipAddress: string | null;
  userAgent: string | null;
  deviceFingerprint: string | null;
}

export interface RegisterInput {
  email: string;
  username: string;
  password: string;
}

// Verifying against a real hash when the account does not exist keeps the response time
// the same, so timing does not reveal which addresses have accounts.
let dummyHash: Promise<string> | undefined;

export function isUniqueViolation(error: unknown, field: string): boolean {
  const candidate = error as { code?: string; meta?: { target?: unknown; driverAdapterError?: unknown } };
  if (candidate?.code !== "P2002") return false;
  return JSON.stringify(candidate.meta ?? {}).includes(field);
}

/** A new session; its second factor is pending when the member has TOTP on, unless already given. */
export async function openSession(
  deps: AuthDeps,
  user: { id: number; totpEnabled: boolean },
  client: ClientInfo,
  twoFactorVerified = !user.totpEnabled,
) {
  return deps.auth.createSession(user.id, {
    deviceFingerprint: client.deviceFingerprint,
    ipAddress: client.ipAddress,
    userAgent: client.userAgent,
    twoFactorVerified,
  });
}

/**
 * Counts a failed sign-in step that came after the password throttle (a wrong second-factor
 * code, a wrong password when re-authenticating) and, from LOGIN_LOCK_THRESHOLD on, delays new
 * devices' password logins like failed logins do. Returns the failures in a row.
 */
export async function recordFailedLogin(
  prisma: Prisma,
  userId: number,
  client: ClientInfo,
  now = new Date(),
  metadata?: Record<string, string>,
): Promise<number> {
  // One atomic increment, so concurrent failures all count.
  const updated = await prisma.user.update({ where: { id: userId }, data: { failedLoginCount: { increment: 1 } } });
  await recordSecurityEvent(prisma, { userId, eventType: "login_failed", ...client, metadata });
  if (updated.failedLoginCount >= LOGIN_LOCK_THRESHOLD) {
    const lockedUntil = new Date(now.getTime() + loginDelaySeconds(updated.failedLoginCount) * 1000);
    await prisma.user.updateMany({
      where: { id: userId, OR: [{ lockedUntil: null }, { lockedUntil: { lt: lockedUntil } }] },
      data: { lockedUntil },
    });
    await recordLock(prisma, userId, client, lockedUntil);
  }
  return updated.failedLoginCount;
}

function recordLock(prisma: Prisma, userId: number, client: ClientInfo, until: Date) {
  return recordSecurityEvent(prisma, {
    userId,
    eventType: "account_locked",
    ...client,
    metadata: { until: until.toISOString(), scope: "new_devices" },
  });
}

/**
 * Takes one password attempt, atomically, on a member (from a new device) or an admin account:
 * counts it and, from the threshold on, opens the next window already, so concurrent guesses
 * cannot all slip in before a lock is written. Null when the account is inside a window (the
 * attempt is not tried at all); else the failures in a row including this one.
 */
export async function claimPasswordAttempt(
  prisma: Prisma,
  accounts: "users" | "admins",
  id: number,
  now: Date,
): Promise<number | null> {
  // The table name is one of two literals, never input.
  const table = PrismaSql.raw(`"${accounts}"`);
  const rows = await prisma.$queryRaw<{ failed_login_count: number }[]>`
    UPDATE ${table}
    SET "failed_login_count" = "failed_login_count" + 1,
        "locked_until" = CASE
          WHEN "failed_login_count" + 1 >= ${LOGIN_LOCK_THRESHOLD}
          THEN ${now}::timestamptz + make_interval(secs => LEAST(${LOGIN_DELAY_MAX_MINUTES * 60}::float8,
                 ${LOGIN_DELAY_BASE_SECONDS}::float8 * power(2, LEAST(GREATEST("failed_login_count" + 1 - ${LOGIN_LOCK_THRESHOLD}, 0), 20))))
          ELSE "locked_until"
        END
    WHERE "id" = ${id} AND ("locked_until" IS NULL OR "locked_until" <= ${now}::timestamptz)
    RETURNING "failed_login_count"`;
  return rows[0]?.failed_login_count ?? null;
}


/**
 * The refusal for an account an admin locked, with the admin's reason; else null. Throttling
 * never refuses with its own message.
 */
export function accountLockError(user: { isLocked: boolean; lockReason?: string | null }) {
  if (user.isLocked) {
    return new ForbiddenError(user.lockReason ? m.error_auth_accountLockedBecause({ reason: user.lockReason }) : m.error_auth_accountLocked());
  }
  return null;
}

/** `locale`: the language the member signed up in, kept for their mail (users.locale). */
export async function register(deps: AuthDeps, input: RegisterInput, client: ClientInfo, locale: Locale = DEFAULT_LOCALE) {
  const passwordHash = await hashPassword(input.password);
  let user;
  try {
    user = await deps.prisma.user.create({
      data: { email: input.email, username: input.username, passwordHash, locale },
    });
  } catch (error) {
    if (isUniqueViolation(error, "email")) {
      throw new ConflictError(m.error_auth_emailTaken());
    }
    if (isUniqueViolation(error, "username")) {
      throw new ConflictError(m.error_usernameTaken());
    }
    throw error;
  }
  await recordSecurityEvent(deps.prisma, { userId: user.id, eventType: "register", ...client });
  const session = await openSession(deps, user, client);
  return { user, session };
}

export interface LoginInput {
  /** Email or username, either in any letter case. */
  identifier: string;
  password: string;
}

export interface LoginOptions {
  /** The member a valid device cookie of this browser names (device-cookie.ts), if any. */
  deviceUserId?: number | null;
}

/** One password hash's time, for a refusal that had no hash to check (unknown account, throttled). */
export async function equaliseTiming(password: string) {
  dummyHash ??= hashPassword("timing-equaliser");
  await verifyPassword(await dummyHash, password);
}

/**
 * A password login. Unknown account, wrong password and a throttled new device get the same
 * code, message and (one password hash) time; an admin lock is only told to the password's holder.
 */
export async function login(deps: AuthDeps, input: LoginInput, client: ClientInfo, now = new Date(), options: LoginOptions = {}) {
  const user = await deps.prisma.user.findFirst({
    where: input.identifier.includes("@") ? { email: input.identifier } : { username: input.identifier },
  });
  const invalid = new UnauthenticatedError(m.error_auth_invalidLogin());
  if (!user?.passwordHash) {
    await equaliseTiming(input.password);
    throw invalid;
  }
  const knownDevice = options.deviceUserId === user.id;
  let attempt: number | null = 0;
  if (!knownDevice) {
    attempt = await claimPasswordAttempt(deps.prisma, "users", user.id, now);
    if (attempt === null) {
      await equaliseTiming(input.password);
      throw invalid;
    }
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await recordSecurityEvent(deps.prisma, { userId: user.id, eventType: "login_failed", ...client, metadata: { knownDevice } });
    if (attempt !== null && attempt >= LOGIN_LOCK_THRESHOLD) {
      await recordLock(deps.prisma, user.id, client, new Date(now.getTime() + loginDelaySeconds(attempt) * 1000));
    }
    throw invalid;
  }
  const locked = accountLockError(user);
  if (locked) throw locked;
  // With a second factor pending the count stays until it is given (two-factor/service.ts).
  if (!user.totpEnabled) {
    await deps.prisma.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null } });
  }
  await recordSecurityEvent(deps.prisma, { userId: user.id, eventType: "login", ...client });
  const session = await openSession(deps, user, client);
  return { user, session };
}

/** Whether this browser's device cookie names the account `identifier` refers to. */
export async function isKnownDevice(prisma: Prisma, identifier: string, deviceUserId: number | null): Promise<boolean> {
  if (deviceUserId === null) return false;
  const user = await prisma.user.findFirst({
    where: identifier.includes("@") ? { email: identifier } : { username: identifier },
    select: { id: true },
  });
  return user?.id === deviceUserId;
}

export async function logout(deps: AuthDeps, session: Session, client: ClientInfo) {
  await deps.auth.invalidateSession(session.id);
  await recordSecurityEvent(deps.prisma, { userId: session.userId, eventType: "logout", ...client });
}
