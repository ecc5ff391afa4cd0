import * as m from "../../../shared/paraglide/messages/_index.js";
import { describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, adminCodeAt, adminCookieFrom, adminSessionHeaders, expectStaffAction, setUpAdmin, setupTokenOf } from "../../testing/admin.ts";
import { memberWithPassword, requestTestbed } from "../../testing/request-caller.ts";
import { LOGIN_LOCK_THRESHOLD } from "../auth/service.ts";
import { ADMIN_ABSOLUTE_MS, ADMIN_IDLE_MS, ADMIN_PENDING_MS } from "./policies.ts";
import { issueSetupLink } from "./service.ts";
import { resolveAdminSession } from "./sessions.ts";

const ENCRYPTION_KEY = Buffer.alloc(32, 9).toString("base64");
// Rate limits off: the sign-in throttle is what these tests count (request-guard.test.ts covers the limits).
const testbed = requestTestbed({ TOTP_ENCRYPTION_KEY: ENCRYPTION_KEY, RATE_LIMIT_ENABLED: "false" });
const ORIGIN = "https://forum.example";

let sequence = 0;
const nextEmail = () => `staff${++sequence}-${process.pid}@example.test`;

/** Signs in with password and code through the procedures; answers the signed-in cookie. */
// Setup used the current code: a sign-in right after it takes the next one (each code counts once).
async function signIn(admin: { email: string; password: string; secret: string }, periods = 1) {
  const cookies: string[] = [];
  await (await testbed.callers.call({}, cookies)).admin.auth.signIn({ email: admin.email, password: admin.password });
  const pending = adminCookieFrom(cookies);
  await (await testbed.callers.call(pending, cookies)).admin.auth.verifyTotp({ code: await adminCodeAt(admin.secret, periods) });
  return adminCookieFrom(cookies);
}

describe("admin:create setup links", () => {
  it("creates an admin with no usable password and a 24-hour link; a new link voids the old", async () => {
    const email = nextEmail();
    const now = new Date();
    const first = await issueSetupLink(testbed.prisma, { email, username: "first" }, ORIGIN, now);
    expect(first.created).toBe(true);
    expect(first.url).toMatch(/^https:\/\/forum\.example\/admin\/siapkan\/[\w-]{43}$/);
    const stored = await testbed.prisma.admin.findUniqueOrThrow({ where: { id: first.adminId } });
    expect(stored.totpEnabled).toBe(false);
    expect(stored.setupTokenHash).not.toContain(setupTokenOf(first.url));
    expect(stored.setupExpiresAt?.getTime()).toBe(now.getTime() + 24 * 3_600_000);
    // No password at all signs in, not even an empty one.
    await expect((await testbed.callers.call()).admin.auth.signIn({ email, password: "!setup-pending" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: m.error_admin_invalidLogin(),
    });

    const second = await issueSetupLink(testbed.prisma, { email, username: "first" }, ORIGIN);
    expect(second.created).toBe(false);
    const anonymous = await testbed.callers.call();
    await expect(anonymous.admin.auth.setupState({ token: setupTokenOf(first.url) })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await anonymous.admin.auth.setupState({ token: setupTokenOf(second.url) })).toMatchObject({ email });
  });

  it("expires after 24 hours", async () => {
    const email = nextEmail();
    const link = await issueSetupLink(testbed.prisma, { email, username: "late" }, ORIGIN, new Date(Date.now() - 24 * 3_600_000 - 1000));
    await expect((await testbed.callers.call()).admin.auth.beginSetup({ token: setupTokenOf(link.url) })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses an admin that finished setup unless --reset, which drops its TOTP and ends its sessions", async () => {
    const admin = await setUpAdmin(testbed.prisma, testbed.callers, nextEmail());
    await expect(issueSetupLink(testbed.prisma, { email: admin.email, username: "x" }, ORIGIN)).rejects.toMatchObject({ kind: "conflict" });
    const cookie = await signIn(admin);
    expect(await (await testbed.callers.call(cookie)).admin.me()).toMatchObject({ id: admin.id });

    const reset = await issueSetupLink(testbed.prisma, { email: admin.email, username: "x", reset: true }, ORIGIN);
    expect(reset.adminId).toBe(admin.id);
    await expect((await testbed.callers.call(cookie)).admin.me()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect((await testbed.callers.call()).admin.auth.signIn({ email: admin.email, password: admin.password })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    const events = await testbed.prisma.securityEvent.findMany({ where: { adminId: admin.id, eventType: "admin_setup_link" }, orderBy: { id: "asc" } });
    expect(events.map((event) => event.metadata)).toEqual([
      { reset: false, by: "command" },
      { reset: true, by: "command" },
    ]);
  });
});

describe("setup page procedures", () => {
  it("sets the password and TOTP (sealed) and uses the link up, once, even when submitted twice at once", async () => {
    const email = nextEmail();
    const link = await issueSetupLink(testbed.prisma, { email, username: "setup" }, ORIGIN);
    const token = setupTokenOf(link.url);
    const anonymous = await testbed.callers.call();
    const { secret, qrCode } = await anonymous.admin.auth.beginSetup({ token });
    expect(qrCode).toMatch(/^data:image\/png;base64,/);
    const stored = await testbed.prisma.admin.findUniqueOrThrow({ where: { id: link.adminId } });
    expect(stored.totpSecret).toMatch(/^aes256gcm:/);

    await expect(anonymous.admin.auth.setup({ token, password: "pendek", code: "123456" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(anonymous.admin.auth.setup({ token, password: ADMIN_PASSWORD, code: "000000" })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const code = await adminCodeAt(secret);
    const results = await Promise.allSettled([
      anonymous.admin.auth.setup({ token, password: ADMIN_PASSWORD, code }),
      (await testbed.callers.call()).admin.auth.setup({ token, password: "another-long-password-2", code }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const done = await testbed.prisma.admin.findUniqueOrThrow({ where: { id: link.adminId } });
    expect(done).toMatchObject({ totpEnabled: true, setupTokenHash: null, setupExpiresAt: null });
    await expect(anonymous.admin.auth.setupState({ token })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("admin sign-in", () => {
  it("needs the password and then a code; the pending session opens nothing and the code is used once", async () => {
    const admin = await setUpAdmin(testbed.prisma, testbed.callers, nextEmail());
    const cookies: string[] = [];
    const result = await (await testbed.callers.call({}, cookies)).admin.auth.signIn({ email: admin.email, password: admin.password });
    expect(result).toEqual({ twoFactorRequired: true });
    expect(cookies.at(-1)).toMatch(/^aleph_admin=[\w-]+; Path=\/; Max-Age=28800; HttpOnly; SameSite=Strict$/);
    const pending = adminCookieFrom(cookies);
    const pendingCaller = await testbed.callers.call(pending);
    expect(await pendingCaller.admin.auth.status()).toEqual({ status: "pendingTotp" });
    await expect(pendingCaller.admin.me()).rejects.toMatchObject({ code: "FORBIDDEN" });

    const code = await adminCodeAt(admin.secret, 1);
    await (await testbed.callers.call(pending, cookies)).admin.auth.verifyTotp({ code });
    const signedIn = adminCookieFrom(cookies);
    // The pending id is worth nothing after the code: the session was replaced.
    expect(signedIn.cookie).not.toBe(pending.cookie);
    expect(await (await testbed.callers.call(pending)).admin.auth.status()).toEqual({ status: "signedOut" });
    expect(await (await testbed.callers.call(signedIn)).admin.me()).toMatchObject({ id: admin.id, email: admin.email });

    // The same code again, in a new sign-in: refused (replay guard).
    const again: string[] = [];
    await (await testbed.callers.call({}, again)).admin.auth.signIn({ email: admin.email, password: admin.password });
    await expect((await testbed.callers.call(adminCookieFrom(again))).admin.auth.verifyTotp({ code })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const events = await testbed.prisma.securityEvent.findMany({ where: { adminId: admin.id, eventType: { in: ["admin_login", "admin_login_failed"] } } });
    expect(events.map((event) => event.eventType).sort()).toEqual(["admin_login", "admin_login_failed"]);
  });

  it("answers an unknown email, a wrong password and an inactive admin alike", async () => {
    const admin = await setUpAdmin(testbed.prisma, testbed.callers, nextEmail());
    const anonymous = await testbed.callers.call();
    const refusals = await Promise.allSettled([
      anonymous.admin.auth.signIn({ email: `nobody-${process.pid}@example.test`, password: admin.password }),
      anonymous.admin.auth.signIn({ email: admin.email, password: "salah-sekali-1234" }),
    ]);
    await testbed.prisma.admin.update({ where: { id: admin.id }, data: { isActive: false } });
    refusals.push(...(await Promise.allSettled([anonymous.admin.auth.signIn({ email: admin.email, password: admin.password })])));
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({ status: "rejected", reason: { code: "UNAUTHORIZED", message: m.error_admin_invalidLogin() } });
    }
  });

  it("a member's session is no admin session: its cookie opens nothing in the admin area", async () => {
    const member = await memberWithPassword(testbed.prisma, `member-${process.pid}`, ADMIN_PASSWORD);
    const caller = await testbed.callers.asSession(member.id);
    expect(await caller.admin.auth.status()).toEqual({ status: "signedOut" });
    await expect(caller.admin.me()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("holds back a password after repeated failures, and five wrong codes end the pending session", async () => {
    const admin = await setUpAdmin(testbed.prisma, testbed.callers, nextEmail());
    const anonymous = await testbed.callers.call();
    for (let attempt = 0; attempt < LOGIN_LOCK_THRESHOLD; attempt += 1) {
      await expect(anonymous.admin.auth.signIn({ email: admin.email, password: "salah-sekali-1234" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    // Inside the window even the right password is not tried, with the same answer.
    await expect(anonymous.admin.auth.signIn({ email: admin.email, password: admin.password })).rejects.toMatchObject({
      message: m.error_admin_invalidLogin(),
    });
    await testbed.prisma.admin.update({ where: { id: admin.id }, data: { failedLoginCount: 0, lockedUntil: null } });

    const cookies: string[] = [];
    await (await testbed.callers.call({}, cookies)).admin.auth.signIn({ email: admin.email, password: admin.password });
    const pending = adminCookieFrom(cookies);
    // The password step counted one attempt; four wrong codes reach the threshold.
    for (let attempt = 1; attempt < LOGIN_LOCK_THRESHOLD - 1; attempt += 1) {
      await expect((await testbed.callers.call(pending)).admin.auth.verifyTotp({ code: "000000" })).rejects.toMatchObject({
        message: "Kode verifikasi salah atau sudah pernah dipakai.",
      });
    }
    await expect((await testbed.callers.call(pending)).admin.auth.verifyTotp({ code: "000000" })).rejects.toMatchObject({
      message: "Terlalu banyak kode yang salah. Masuk lagi dengan kata sandi.",
    });
    await expect((await testbed.callers.call(pending)).admin.auth.verifyTotp({ code: await adminCodeAt(admin.secret, 2) })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});

describe("admin sessions", () => {
  it("end after 30 idle minutes, 8 hours in all, and 5 minutes waiting for a code", async () => {
    const admin = await setUpAdmin(testbed.prisma, testbed.callers, nextEmail());
    const now = Date.now();
    const token = (headers: { cookie: string }) => headers.cookie.split("=")[1]!;
    const idle = await adminSessionHeaders(testbed.prisma, admin.id, { at: new Date(now - ADMIN_IDLE_MS - 1000) });
    const fresh = await adminSessionHeaders(testbed.prisma, admin.id, { at: new Date(now - ADMIN_IDLE_MS + 60_000) });
    const pending = await adminSessionHeaders(testbed.prisma, admin.id, { twoFactorVerified: false, at: new Date(now - ADMIN_PENDING_MS - 1000) });
    expect(await resolveAdminSession(testbed.prisma, token(idle))).toBeNull();
    expect(await resolveAdminSession(testbed.prisma, token(pending))).toBeNull();
    // Activity renews the idle window...
    expect((await resolveAdminSession(testbed.prisma, token(fresh)))?.admin).toMatchObject({ id: admin.id });
    expect((await resolveAdminSession(testbed.prisma, token(fresh), new Date(now + ADMIN_IDLE_MS - 1000)))?.admin).toMatchObject({ id: admin.id });
    // ...but not past the absolute lifetime.
    expect(await resolveAdminSession(testbed.prisma, token(fresh), new Date(now - ADMIN_IDLE_MS + 60_000 + ADMIN_ABSOLUTE_MS + 1))).toBeNull();
  });

  it("lists the admin's own, revokes one (logged) and all others (logged); another admin's is not found", async () => {
    const admin = await setUpAdmin(testbed.prisma, testbed.callers, nextEmail());
    const other = await setUpAdmin(testbed.prisma, testbed.callers, nextEmail());
    const current = await adminSessionHeaders(testbed.prisma, admin.id);
    await adminSessionHeaders(testbed.prisma, admin.id);
    await adminSessionHeaders(testbed.prisma, admin.id);
    const othersSession = await adminSessionHeaders(testbed.prisma, other.id);
    const caller = await testbed.callers.call(current);
    const sessions = await caller.admin.sessions.list();
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((session) => session.isCurrent)).toHaveLength(1);

    const [foreign] = await (await testbed.callers.call(othersSession)).admin.sessions.list();
    await expect(caller.admin.sessions.revoke({ id: foreign!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const target = sessions.find((session) => !session.isCurrent)!;
    await caller.admin.sessions.revoke({ id: target.id });
    const revoked = await expectStaffAction(testbed.prisma, { action: "admin_session.revoke", targetId: target.id, adminId: admin.id });
    expect(revoked.before).toMatchObject({ ipAddress: "127.0.0.1" });
    expect(await caller.admin.sessions.revokeOthers()).toEqual({ count: 1 });
    await expectStaffAction(testbed.prisma, { action: "admin_session.revoke_others", targetId: admin.id, adminId: admin.id });
    expect(await caller.admin.sessions.list()).toHaveLength(1);
    expect(await (await testbed.callers.call(othersSession)).admin.sessions.list()).toHaveLength(1);
  });

  it("signing out ends the session, also one waiting for its code", async () => {
    const admin = await setUpAdmin(testbed.prisma, testbed.callers, nextEmail());
    const cookie = await signIn(admin);
    const cookies: string[] = [];
    await (await testbed.callers.call(cookie, cookies)).admin.auth.signOut();
    expect(cookies.at(-1)).toMatch(/^aleph_admin=; Path=\/; Max-Age=0/);
    await expect((await testbed.callers.call(cookie)).admin.me()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("staff log", () => {
  it("lists newest first with filters and cursor pages; a row cannot be changed or deleted", async () => {
    const admin = await setUpAdmin(testbed.prisma, testbed.callers, nextEmail());
    for (let index = 0; index < 5; index += 1) {
      await testbed.prisma.staffAction.create({
        data: { adminId: admin.id, action: index % 2 ? "report.resolve" : "member.warn", targetType: "user", targetId: String(100 + index), after: { index } },
      });
    }
    const caller = await testbed.callers.call(await adminSessionHeaders(testbed.prisma, admin.id));
    const first = await caller.admin.log.list({ adminId: admin.id, limit: 2 });
    expect(first.items.map((item) => item.targetId)).toEqual(["104", "103"]);
    const second = await caller.admin.log.list({ adminId: admin.id, limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((item) => item.targetId)).toEqual(["102", "101"]);
    expect((await caller.admin.log.list({ adminId: admin.id, actionPrefix: "report." })).items.map((item) => item.targetId)).toEqual(["103", "101"]);
    expect((await caller.admin.log.list({ targetType: "user", targetId: "102" })).items).toMatchObject([{ action: "member.warn", admin: { username: admin.email.split("@")[0] } }]);
    // LIKE's wildcards in a prefix match only themselves.
    expect((await caller.admin.log.list({ adminId: admin.id, actionPrefix: "member_" })).items).toEqual([]);
    await expect(caller.admin.log.list({ actionPrefix: "%" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // A NUL would reach PostgreSQL as an encoding error (a 500): refused as input first.
    await expect(caller.admin.log.list({ targetId: "1\u0000" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.admin.log.list({ targetType: "user\u0000" })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const row = first.items[0]!;
    await expect(testbed.prisma.staffAction.update({ where: { id: BigInt(row.id) }, data: { note: "rewritten" } })).rejects.toThrow(/append-only/);
    await expect(testbed.prisma.staffAction.delete({ where: { id: BigInt(row.id) } })).rejects.toThrow(/append-only/);
  });
});
