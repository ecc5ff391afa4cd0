import { generate } from "otplib";
import { expect } from "vitest";
import { issueSetupLink } from "../modules/admin/service.ts";
import { ADMIN_COOKIE, openAdminSession } from "../modules/admin/sessions.ts";
import type { Prisma } from "../platform/db/postgres.ts";
import type { requestCallers } from "./request-caller.ts";

type Callers = ReturnType<typeof requestCallers>;

export const ADMIN_PASSWORD = "kunci-admin-yang-panjang-7";

/** A TOTP code `periods` periods from now (each code is accepted once, so tests move ahead). */
export const adminCodeAt = (secret: string, periods = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + periods * 30 });

/** The token of a setup link `issueSetupLink` printed. */
export function setupTokenOf(url: string): string {
  return url.slice(url.lastIndexOf("/") + 1);
}

/** An admin set up the way the command and the setup page do it: a password and TOTP. */
export async function setUpAdmin(prisma: Prisma, callers: Callers, email: string) {
  const link = await issueSetupLink(prisma, { email, username: email.split("@")[0]! }, "http://localhost:3000");
  const token = setupTokenOf(link.url);
  const anonymous = await callers.call();
  const { secret } = await anonymous.admin.auth.beginSetup({ token });
  await anonymous.admin.auth.setup({ token, password: ADMIN_PASSWORD, code: await adminCodeAt(secret) });
  return { id: link.adminId, email, password: ADMIN_PASSWORD, secret };
}

/** The admin cookie header a procedure set (sign-in steps), for the next request. */
export function adminCookieFrom(cookies: string[]): { cookie: string } {
  const set = cookies.findLast((cookie) => cookie.startsWith(`${ADMIN_COOKIE}=`) && !cookie.startsWith(`${ADMIN_COOKIE}=;`));
  if (!set) throw new Error("no admin cookie was set");
  return { cookie: set.split(";")[0]! };
}

/**
 * Headers of a browser with an admin session opened directly in the table (past two-factor
 * unless told otherwise; `at` backdates it, for expiry tests).
 */
export async function adminSessionHeaders(prisma: Prisma, adminId: number, options: { twoFactorVerified?: boolean; at?: Date } = {}) {
  const { token } = await openAdminSession(
    prisma,
    adminId,
    { ipAddress: "127.0.0.1", userAgent: "vitest", deviceFingerprint: null },
    options.twoFactorVerified ?? true,
    options.at,
  );
  return { cookie: `${ADMIN_COOKIE}=${token}` };
}

/**
 * That the staff action log holds a row for this action on this target (by this admin when
 * named): every admin action's test asserts its line with this.
 */
export async function expectStaffAction(
  prisma: Prisma,
  expected: { action: string; targetId: string | number; adminId?: number; targetType?: string },
) {
  const rows = await prisma.staffAction.findMany({
    where: {
      action: expected.action,
      targetId: String(expected.targetId),
      ...(expected.adminId !== undefined ? { adminId: expected.adminId } : {}),
      ...(expected.targetType ? { targetType: expected.targetType } : {}),
    },
    orderBy: { id: "desc" },
  });
  expect(rows, `staff action ${expected.action} on ${expected.targetId}`).not.toHaveLength(0);
  return rows[0]!;
}
