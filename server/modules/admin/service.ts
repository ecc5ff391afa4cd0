import { createHash, randomBytes } from "node:crypto";
import QRCode from "qrcode";
import type { Prisma } from "../../platform/db/postgres.ts";
import { ConflictError, InvalidError, NotFoundError, UnauthenticatedError } from "../../platform/errors.ts";
import type { Context } from "../../trpc/context.ts";
import { hashPassword, verifyPassword } from "../auth/password.ts";
import { guardAuthRequest } from "../auth/request-guard.ts";
import { claimPasswordAttempt, equaliseTiming, LOGIN_LOCK_THRESHOLD } from "../auth/service.ts";
import { recordSecurityEvent } from "../security/service.ts";
import { recordThrottledSecurityEvent } from "../security/throttle.ts";
import { acceptedTimeStep, newTotpSecret, openSecret, sealSecret, totpUri } from "../two-factor/totp.ts";
import { describeUserAgent, publicSessionId } from "../user/sessions.ts";
import { recordStaffAction, type AdminActor } from "../staff-log/service.ts";
import { ADMIN_IDLE_MS, canManageAdminSession, canSignIn } from "./policies.ts";
import { blankAdminCookie, openAdminSession, serializeAdminCookie } from "./sessions.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/*
 * Admin accounts: created by a command with a one-time setup link (never a default password),
 * set up with a password and TOTP, signed in with both. Sign-in and setup are security events;
 * what a signed-in admin changes is a staff action (staff-log/service.ts).
 */

/** What an admin's password hash holds until setup: no argon2 hash, so no password verifies. */
const NO_PASSWORD = "!setup-pending";
const SETUP_LINK_MS = 24 * 60 * 60_000;


function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface SetupLinkInput {
  email: string;
  username: string;
  /** Also for an admin that finished setup: its password, TOTP and sessions are dropped. */
  reset?: boolean;
}

/**
 * `npm run admin:create`: a new admin (or one that has not finished setup) gets a setup link,
 * valid 24 hours and once; issuing another voids the one before. An admin that finished setup
 * is refused unless `reset`, which also ends its sessions. Logged as a security event of that
 * admin (`admin_setup_link`, `reset` in its metadata): no staff member did it, the shell did.
 */
export async function issueSetupLink(
  prisma: Prisma,
  input: SetupLinkInput,
  origin: string,
  now = new Date(),
): Promise<{ url: string; adminId: number; created: boolean }> {
  const token = randomBytes(32).toString("base64url");
  const setup = { setupTokenHash: tokenHash(token), setupExpiresAt: new Date(now.getTime() + SETUP_LINK_MS) };
  const existing = await prisma.admin.findUnique({ where: { email: input.email } });
  if (existing && !existing.isActive) throw new ConflictError(m.error_admin_deactivated({ email: input.email }));
  if (existing?.totpEnabled && !input.reset) {
    throw new ConflictError(m.error_admin_alreadySetUp({ email: input.email }));
  }
  const adminId = await prisma.$transaction(async (tx) => {
    const admin = existing
      ? await tx.admin.update({
          where: { id: existing.id },
          data: existing.totpEnabled
            ? { ...setup, passwordHash: NO_PASSWORD, totpEnabled: false, totpSecret: null, totpLastTimeStep: null, failedLoginCount: 0, lockedUntil: null }
            : setup,
        })
      : await tx.admin.create({ data: { email: input.email, username: input.username, passwordHash: NO_PASSWORD, ...setup } });
    if (existing?.totpEnabled) await tx.adminSession.deleteMany({ where: { adminId: admin.id } });
    await tx.securityEvent.create({
      data: { adminId: admin.id, eventType: "admin_setup_link", metadata: { reset: Boolean(existing?.totpEnabled), by: "command" } },
    });
    return admin.id;
  });
  return { url: `${origin}/admin/siapkan/${token}`, adminId, created: !existing };
}

async function adminForSetupToken(prisma: Prisma, token: string, now: Date) {
  const admin = await prisma.admin.findUnique({ where: { setupTokenHash: tokenHash(token) } });
  if (!admin || !admin.setupExpiresAt || admin.setupExpiresAt <= now || !admin.isActive) throw new NotFoundError(m.error_admin_setupLinkInvalid());
  return admin;
}

/** `admin.auth.setupState`: whom a setup link is for, or NotFound when it no longer works. */
export async function setupState({ prisma }: { prisma: Prisma }, token: string, now = new Date()) {
  const admin = await adminForSetupToken(prisma, token, now);
  return { email: admin.email, username: admin.username, expiresAt: admin.setupExpiresAt! };
}

/**
 * `admin.auth.beginSetup`: a new TOTP secret for the link's admin, kept (sealed, not enabled)
 * until setup confirms a code from it. Calling it again replaces the secret.
 */
export async function beginSetup(deps: Context, token: string, now = new Date()) {
  await guardAuthRequest(deps, "adminSetup", {});
  const admin = await adminForSetupToken(deps.prisma, token, now);
  const secret = newTotpSecret();
  await deps.prisma.admin.update({
    where: { id: admin.id },
    data: { totpSecret: sealSecret(secret, deps.env.TOTP_ENCRYPTION_KEY), totpLastTimeStep: null },
  });
  const uri = totpUri(secret, `admin:${admin.email}`);
  return { secret, uri, qrCode: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
}

/**
 * `admin.auth.setup`: the password and a code from the new secret. The token is consumed by the
 * same statement that sets both (and only if it is still the link's token and the secret the
 * one the code was checked against), so two submissions of one link cannot both succeed.
 */
export async function completeSetup(deps: Context, input: { token: string; password: string; code: string }, now = new Date()) {
  const client = await guardAuthRequest(deps, "adminSetup", {});
  const admin = await adminForSetupToken(deps.prisma, input.token, now);
  if (!admin.totpSecret) throw new InvalidError(m.error_admin_startTotpFirst());
  const timeStep = await acceptedTimeStep(openSecret(admin.totpSecret, deps.env.TOTP_ENCRYPTION_KEY), input.code, null);
  if (timeStep === null) throw new InvalidError(m.error_admin_totpMismatch());
  const passwordHash = await hashPassword(input.password);
  await deps.prisma.$transaction(async (tx) => {
    const { count } = await tx.admin.updateMany({
      where: { id: admin.id, setupTokenHash: tokenHash(input.token), setupExpiresAt: { gt: now }, totpSecret: admin.totpSecret },
      data: { passwordHash, totpEnabled: true, totpLastTimeStep: timeStep, setupTokenHash: null, setupExpiresAt: null, failedLoginCount: 0, lockedUntil: null },
    });
    if (count !== 1) throw new NotFoundError(m.error_admin_setupLinkInvalid());
    await tx.securityEvent.create({
      data: { adminId: admin.id, eventType: "admin_setup_completed", ipAddress: client.ipAddress, userAgent: client.userAgent },
    });
  });
  return { email: admin.email };
}

/**
 * `admin.auth.signIn`, the password step: opens a session that waits for its TOTP code (five
 * minutes at most) and sets the admin cookie. Every refusal has one message and one hash's time.
 */
export async function signIn(ctx: Context, input: { email: string; password: string }, now = new Date()) {
  const client = await guardAuthRequest(ctx, "adminLogin", { account: input.email });
  const invalid = new UnauthenticatedError(m.error_admin_invalidLogin());
  const admin = await ctx.prisma.admin.findUnique({ where: { email: input.email } });
  if (!admin || !canSignIn(admin)) {
    await equaliseTiming(input.password);
    await recordThrottledSecurityEvent(ctx.prisma, ctx.securityThrottle, {
      adminId: admin?.id ?? null,
      eventType: "admin_login_failed",
      ...client,
      metadata: { step: "password", reason: admin ? "not_set_up_or_inactive" : "unknown_email" },
    });
    throw invalid;
  }
  const attempt = await claimPasswordAttempt(ctx.prisma, "admins", admin.id, now);
  if (attempt === null || !(await verifyPassword(admin.passwordHash, input.password))) {
    if (attempt === null) await equaliseTiming(input.password);
    await recordSecurityEvent(ctx.prisma, {
      adminId: admin.id,
      eventType: "admin_login_failed",
      ...client,
      metadata: { step: "password", throttled: attempt === null },
    });
    throw invalid;
  }
  const session = await openAdminSession(ctx.prisma, admin.id, client, false, now);
  ctx.request.setCookie(serializeAdminCookie(session.token, ctx.env));
  return { twoFactorRequired: true as const };
}

/**
 * `admin.auth.verifyTotp`, the second step: a current code not used before. On success the
 * pending session is replaced by a new one (an id seen before the code is worth nothing after)
 * and the failure count starts again; five wrong codes in a row end the pending session.
 */
export async function verifyTotp(ctx: Context, code: string, now = new Date()) {
  const pending = ctx.adminSession;
  if (!pending) throw new UnauthenticatedError(m.error_admin_pendingSessionGone());
  if (pending.twoFactorVerified) throw new InvalidError(m.error_twoFactor_alreadyVerified());
  const client = await guardAuthRequest(ctx, "adminLogin", { account: `admin:${pending.adminId}` });
  const admin = await ctx.prisma.admin.findUniqueOrThrow({ where: { id: pending.adminId } });
  const timeStep = canSignIn(admin) ? await acceptedTimeStep(openSecret(admin.totpSecret!, ctx.env.TOTP_ENCRYPTION_KEY), code, admin.totpLastTimeStep) : null;
  // Claiming the time step atomically: of two requests with one code, only one is accepted.
  const claimed =
    timeStep !== null &&
    (
      await ctx.prisma.admin.updateMany({
        where: { id: admin.id, OR: [{ totpLastTimeStep: null }, { totpLastTimeStep: { lt: timeStep } }] },
        data: { totpLastTimeStep: timeStep },
      })
    ).count === 1;
  if (!claimed) {
    const { failedLoginCount } = await ctx.prisma.admin.update({ where: { id: admin.id }, data: { failedLoginCount: { increment: 1 } } });
    await recordSecurityEvent(ctx.prisma, { adminId: admin.id, eventType: "admin_login_failed", ...client, metadata: { step: "totp" } });
    if (failedLoginCount >= LOGIN_LOCK_THRESHOLD) {
      await ctx.prisma.adminSession.deleteMany({ where: { id: pending.id } });
      ctx.request.setCookie(blankAdminCookie(ctx.env));
      throw new UnauthenticatedError(m.error_admin_tooManyWrongCodes());
    }
    throw new UnauthenticatedError(m.error_twoFactor_wrongCode());
  }
  const session = await ctx.prisma.$transaction(async (tx) => {
    const { count } = await tx.adminSession.deleteMany({ where: { id: pending.id, twoFactorVerified: false } });
    // A second request with the same pending cookie (double submit) finds nothing to replace.
    if (count !== 1) throw new UnauthenticatedError(m.error_admin_pendingSessionEnded());
    await tx.admin.update({ where: { id: admin.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now } });
    await tx.securityEvent.create({ data: { adminId: admin.id, eventType: "admin_login", ipAddress: client.ipAddress, userAgent: client.userAgent } });
    return openAdminSession(tx, admin.id, client, true, now);
  });
  ctx.request.setCookie(serializeAdminCookie(session.token, ctx.env));
  return { id: admin.id, username: admin.username };
}

/** `admin.auth.status`: where this browser stands in the admin sign-in. */
export function signInStatus(ctx: Pick<Context, "admin" | "adminSession">): { status: "signedOut" | "pendingTotp" | "signedIn" } {
  if (ctx.admin) return { status: "signedIn" };
  return { status: ctx.adminSession ? "pendingTotp" : "signedOut" };
}

/** `admin.auth.signOut`: ends this browser's admin session, also one still waiting for its code. */
export async function signOut(ctx: Context) {
  if (ctx.adminSession) {
    await ctx.prisma.adminSession.deleteMany({ where: { id: ctx.adminSession.id } });
    await recordSecurityEvent(ctx.prisma, { adminId: ctx.adminSession.adminId, eventType: "admin_logout", ...ctx.client });
  }
  ctx.request.setCookie(blankAdminCookie(ctx.env));
  return { ok: true };
}

interface StaffContext {
  prisma: Prisma;
  admin: AdminActor;
  adminSession: { id: string } | null;
}

function liveSessionsOf(prisma: Prisma, adminId: number, now: Date) {
  return prisma.adminSession.findMany({
    where: { adminId, expiresAt: { gt: now }, lastActiveAt: { gt: new Date(now.getTime() - ADMIN_IDLE_MS) } },
    orderBy: { lastActiveAt: "desc" },
  });
}

/** `admin.sessions.list`: the admin's own live sessions, the most recently active first. */
export async function listSessions({ prisma, admin, adminSession }: StaffContext, now = new Date()) {
  const rows = await liveSessionsOf(prisma, admin.id, now);
  return rows.map((row) => ({
    id: publicSessionId(row.id),
    device: describeUserAgent(row.userAgent),
    ipAddress: row.ipAddress,
    createdAt: row.createdAt,
    lastActiveAt: row.lastActiveAt,
    expiresAt: row.expiresAt,
    twoFactorVerified: row.twoFactorVerified,
    isCurrent: row.id === adminSession?.id,
  }));
}

/** `admin.sessions.revoke`: ends one of the admin's own sessions (another admin's is not found); logged. */
export async function revokeSession({ prisma, admin }: StaffContext, publicId: string, now = new Date()) {
  const target = (await liveSessionsOf(prisma, admin.id, now)).find((row) => publicSessionId(row.id) === publicId);
  if (!target || !canManageAdminSession(target, admin.id)) throw new NotFoundError(m.error_session_notFound());
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.adminSession.deleteMany({ where: { id: target.id } });
    if (count !== 1) throw new NotFoundError(m.error_session_notFound());
    await recordStaffAction(tx, admin, {
      action: "admin_session.revoke",
      targetType: "admin_session",
      targetId: publicId,
      before: { device: describeUserAgent(target.userAgent), ipAddress: target.ipAddress, createdAt: target.createdAt.toISOString() },
      after: null,
    });
  });
  return { ok: true };
}

/** `admin.sessions.revokeOthers`: ends every other session of the admin; logged when it ended any. */
export async function revokeOtherSessions({ prisma, admin, adminSession }: StaffContext) {
  const count = await prisma.$transaction(async (tx) => {
    const { count } = await tx.adminSession.deleteMany({
      where: { adminId: admin.id, ...(adminSession ? { id: { not: adminSession.id } } : {}) },
    });
    if (count > 0) {
      await recordStaffAction(tx, admin, { action: "admin_session.revoke_others", targetType: "admin", targetId: admin.id, after: { ended: count } });
    }
    return count;
  });
  return { count };
}
