import { TRPCError } from "@trpc/server";
import type { Session } from "lucia";
import type { Prisma } from "../../platform/db/postgres.ts";
import { recordSecurityEvent } from "../security/service.ts";
import type { Auth } from "./lucia.ts";
import { hashPassword, verifyPassword } from "./password.ts";

/** Failed logins in a row that lock an account, and for how long. */
export const LOGIN_LOCK_THRESHOLD = 5;
export const LOGIN_LOCK_MINUTES = 15;

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
 * Counts a failed sign-in step (a wrong password or second-factor code) and locks the account
 * for a while once LOGIN_LOCK_THRESHOLD of them came in a row.
 */
export async function recordFailedLogin(
  prisma: Prisma,
  userId: number,
  client: ClientInfo,
  now = new Date(),
  metadata?: Record<string, string>,
) {
  // One atomic increment, so concurrent failures all count.
  const updated = await prisma.user.update({
    where: { id: userId },
    data: { failedLoginCount: { increment: 1 } },
  });
  await recordSecurityEvent(prisma, { userId, eventType: "login_failed", ...client, metadata });
  if (updated.failedLoginCount >= LOGIN_LOCK_THRESHOLD) {
    const lockedUntil = new Date(now.getTime() + LOGIN_LOCK_MINUTES * 60_000);
    await prisma.user.update({ where: { id: userId }, data: { lockedUntil, failedLoginCount: 0 } });
    await recordSecurityEvent(prisma, {
      userId,
      eventType: "account_locked",
      ...client,
      metadata: { until: lockedUntil.toISOString() },
    });
  }
}

/** The refusal for an account locked by an admin or, for a while, after failed sign-ins; else null. */
export function accountLockError(user: { isLocked: boolean; lockedUntil: Date | null }, now = new Date()) {
  if (user.isLocked) {
    return new TRPCError({ code: "FORBIDDEN", message: "Akun ini dikunci oleh admin. Hubungi admin untuk membukanya." });
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    return new TRPCError({
      code: "FORBIDDEN",
      message: `Terlalu banyak percobaan masuk yang gagal. Akun dikunci sementara sampai ${user.lockedUntil.toISOString()}.`,
      cause: { lockedUntil: user.lockedUntil },
    });
  }
  return null;
}

export async function register(deps: AuthDeps, input: RegisterInput, client: ClientInfo) {
  const passwordHash = await hashPassword(input.password);
  let user;
  try {
    user = await deps.prisma.user.create({
      data: { email: input.email, username: input.username, passwordHash },
    });
  } catch (error) {
    if (isUniqueViolation(error, "email")) {
      throw new TRPCError({ code: "CONFLICT", message: "Email ini sudah terdaftar. Silakan masuk." });
    }
    if (isUniqueViolation(error, "username")) {
      throw new TRPCError({ code: "CONFLICT", message: "Username ini sudah dipakai. Pilih yang lain." });
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

export async function login(deps: AuthDeps, input: LoginInput, client: ClientInfo, now = new Date()) {
  const user = await deps.prisma.user.findFirst({
    where: input.identifier.includes("@") ? { email: input.identifier } : { username: input.identifier },
  });
  const invalid = new TRPCError({ code: "UNAUTHORIZED", message: "Email/username atau kata sandi salah." });
  if (!user?.passwordHash) {
    dummyHash ??= hashPassword("timing-equaliser");
    await verifyPassword(await dummyHash, input.password);
    throw invalid;
  }
  const locked = accountLockError(user, now);
  if (locked) throw locked;
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await recordFailedLogin(deps.prisma, user.id, client, now);
    throw invalid;
  }
  await deps.prisma.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null } });
  await recordSecurityEvent(deps.prisma, { userId: user.id, eventType: "login", ...client });
  const session = await openSession(deps, user, client);
  return { user, session };
}

export async function logout(deps: AuthDeps, session: Session, client: ClientInfo) {
  await deps.auth.invalidateSession(session.id);
  await recordSecurityEvent(deps.prisma, { userId: session.userId, eventType: "logout", ...client });
}
