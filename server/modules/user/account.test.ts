import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserRequests } from "../../testing/auth.ts";
import { createForumTestDatabase } from "../../testing/forum.ts";
import { MAX_LISTED_SESSIONS, publicSessionId } from "./sessions.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let callAs: ReturnType<typeof browserRequests>;

beforeAll(async () => {
  db = await createForumTestDatabase();
  callAs = browserRequests(db.prisma);
});
afterAll(async () => {
  await db?.close();
});

let sequence = 0;
const PASSWORD = "rendang-padang-enak-1";

/** A new member signed in on one device: the cookie to send as them. */
async function signedUp(userAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36") {
  const username = `akun${++sequence}`;
  const caller = await callAs({ headers: { "user-agent": userAgent } });
  await caller.auth.register({ email: `${username}@example.test`, username, password: PASSWORD });
  return { username, cookie: caller.sessionCookie() };
}

async function signedIn(username: string, ip: string) {
  const caller = await callAs({ ip, headers: { "user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1" } });
  await caller.auth.login({ identifier: username, password: PASSWORD });
  return caller.sessionCookie();
}

describe("sessions", () => {
  it("lists every device with its details and marks this one", async () => {
    const member = await signedUp();
    await signedIn(member.username, "203.0.113.9");
    const sessions = await (await callAs({ cookie: member.cookie })).user.sessions.list();
    expect(sessions).toHaveLength(2);
    const [current, phone] = [sessions.find((s) => s.isCurrent), sessions.find((s) => !s.isCurrent)];
    expect(current).toMatchObject({ device: "Chrome 131 · Windows 10", ipAddress: "127.0.0.1" });
    expect(phone).toMatchObject({ device: "Safari 17 · iOS 17.5", ipAddress: "203.0.113.9" });
    expect(phone?.createdAt).toBeInstanceOf(Date);
    expect(phone?.lastActiveAt).toBeInstanceOf(Date);
    // The cookie value never leaves the server.
    const stored = await db.prisma.session.findMany();
    for (const session of sessions) expect(stored.map((row) => row.id)).not.toContain(session.id);
  });

  it("lists a bounded number of devices, however many sessions a member piles up", async () => {
    const member = await signedUp();
    const { id: userId } = await db.prisma.user.findUniqueOrThrow({ where: { username: member.username } });
    const expiresAt = new Date(Date.now() + 86_400_000);
    await db.prisma.session.createMany({
      data: Array.from({ length: MAX_LISTED_SESSIONS + 20 }, (_, i) => ({ id: `bulk-${sequence}-${i}`, userId, expiresAt, lastActiveAt: new Date(Date.now() - 60_000 - i) })),
    });
    const sessions = await (await callAs({ cookie: member.cookie })).user.sessions.list();
    expect(sessions).toHaveLength(MAX_LISTED_SESSIONS);
    // The most recently active come first, this device among them.
    expect(sessions.some((session) => session.isCurrent)).toBe(true);
  });

  it("revokes one device, which is refused on its very next request", async () => {
    const member = await signedUp();
    const phoneCookie = await signedIn(member.username, "203.0.113.10");
    expect(await (await callAs({ cookie: phoneCookie })).auth.me()).toMatchObject({ username: member.username });

    const me = await callAs({ cookie: member.cookie });
    const phone = (await me.user.sessions.list()).find((session) => !session.isCurrent);
    await me.user.sessions.revoke({ id: phone?.id ?? "" });

    const next = await callAs({ cookie: phoneCookie });
    expect(await next.auth.me()).toBeNull();
    expect(next.cookies[0]).toMatch(/^aleph_session=;/);
    await expect(next.user.sessions.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const events = await db.prisma.securityEvent.findMany({ where: { eventType: "session_revoked" } });
    expect(events.length).toBeGreaterThan(0);
  });

  it("revokes every other device but keeps this one", async () => {
    const member = await signedUp();
    const others = [await signedIn(member.username, "203.0.113.11"), await signedIn(member.username, "203.0.113.12")];
    const me = await callAs({ cookie: member.cookie });
    expect(await me.user.sessions.revokeOthers()).toEqual({ revoked: 2 });
    for (const cookie of others) expect(await (await callAs({ cookie })).auth.me()).toBeNull();
    expect(await (await callAs({ cookie: member.cookie })).user.sessions.list()).toHaveLength(1);
  });

  it("never shows or revokes another member's sessions", async () => {
    const victim = await signedUp();
    const attacker = await signedUp();
    const victimSessions = await db.prisma.session.findMany({ where: { user: { username: victim.username } } });
    const asAttacker = await callAs({ cookie: attacker.cookie });

    const listed = await asAttacker.user.sessions.list();
    expect(listed.map((session) => session.id)).not.toContain(publicSessionId(victimSessions[0]?.id ?? ""));
    expect(listed).toHaveLength(1);
    await expect(asAttacker.user.sessions.revoke({ id: publicSessionId(victimSessions[0]?.id ?? "") })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await asAttacker.user.sessions.revokeOthers();

    expect(await (await callAs({ cookie: victim.cookie })).auth.me()).toMatchObject({ username: victim.username });
  });
});

describe("security events", () => {
  it("shows only my own events, newest first, page by page", async () => {
    const member = await signedUp();
    const other = await signedUp();
    for (let i = 0; i < 3; i++) await signedIn(member.username, `203.0.113.${20 + i}`);
    const me = await callAs({ cookie: member.cookie });
    const first = await me.user.securityEvents({ limit: 2 });
    expect(first.items.map((event) => event.eventType)).toEqual(["login", "login"]);
    const second = await me.user.securityEvents({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((event) => event.eventType)).toEqual(["login", "register"]);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((event) => BigInt(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : 1)));
    const otherEvents = await db.prisma.securityEvent.findMany({ where: { user: { username: other.username } } });
    expect(ids).not.toContain(otherEvents[0]?.id);
  });
});

describe("profile", () => {
  it("changes full name, avatar and username; a taken username in another case is refused", async () => {
    const member = await signedUp();
    const other = await signedUp();
    const me = await callAs({ cookie: member.cookie });
    const updated = await me.user.updateProfile({ fullName: "Rina Wulandari", avatarUrl: "https://cdn.example/rina.png", username: `${member.username}-baru` });
    expect(updated).toMatchObject({ fullName: "Rina Wulandari", avatarUrl: "https://cdn.example/rina.png", username: `${member.username}-baru` });
    await expect(me.user.updateProfile({ username: other.username.toUpperCase() })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Username ini sudah dipakai. Pilih yang lain.",
    });
    await expect(me.user.updateProfile({ avatarUrl: "http://cdn.example/rina.png" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Avatar harus berupa URL https://"),
    });
    expect(await me.user.updateProfile({ fullName: "", avatarUrl: "" })).toMatchObject({ fullName: null, avatarUrl: null });
  });

  it("changes the password only with the current one, and signs the other devices out", async () => {
    const member = await signedUp();
    const phone = await signedIn(member.username, "203.0.113.30");
    const me = await callAs({ cookie: member.cookie });
    await expect(me.user.changePassword({ currentPassword: "salah-sandi-lama-1", newPassword: "sate-ayam-madura-22" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Kata sandi saat ini salah.",
    });
    // Counted like a failed sign-in: a stolen session cannot guess the password for free.
    const failures = await db.prisma.securityEvent.count({ where: { eventType: "login_failed", user: { username: member.username } } });
    expect(failures).toBe(1);
    await me.user.changePassword({ currentPassword: PASSWORD, newPassword: "sate-ayam-madura-22" });
    expect(await (await callAs({ cookie: phone })).auth.me()).toBeNull();
    expect(await (await callAs({ cookie: member.cookie })).auth.me()).not.toBeNull();
    const login = await callAs();
    await expect(login.auth.login({ identifier: member.username, password: PASSWORD })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(login.auth.login({ identifier: member.username, password: "sate-ayam-madura-22" })).resolves.toBeTruthy();
  });

  it("revokes every personal access token on a password change, and records it", async () => {
    const member = await signedUp();
    const me = await callAs({ cookie: member.cookie });
    const tokens = await Promise.all([
      me.user.accessTokens.create({ name: "skrip CI", expiresInDays: null }),
      me.user.accessTokens.create({ name: "bot", expiresInDays: 30 }),
    ]);
    const bearer = (token: string) => callAs({ headers: { authorization: `Bearer ${token}` } });
    for (const { token } of tokens) expect(await (await bearer(token)).auth.me()).toMatchObject({ username: member.username });

    await me.user.changePassword({ currentPassword: PASSWORD, newPassword: "sate-ayam-madura-22" });
    for (const { token } of tokens) await expect((await bearer(token)).auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await me.user.accessTokens.list()).toEqual([]);
    const events = await db.prisma.securityEvent.findMany({ where: { user: { username: member.username }, eventType: "access_tokens_revoked" } });
    expect(events).toHaveLength(1);
    expect(events[0]?.metadata).toMatchObject({ count: 2, reason: "password_changed" });
  });
});

describe("malformed input", () => {
  // Every auth.* and user.* procedure taking input, with input that is wrong in shape or value.
  const cases: [string, (caller: Awaited<ReturnType<typeof callAs>>) => Promise<unknown>][] = [
    ["auth.register", (c) => c.auth.register({ email: 5, username: [], password: null } as never)],
    ["auth.register (values)", (c) => c.auth.register({ email: "x", username: "a", password: "b" })],
    ["auth.login", (c) => c.auth.login({ identifier: "", password: "" })],
    ["auth.login (shape)", (c) => c.auth.login("admin" as never)],
    ["auth.verifyEmail", (c) => c.auth.verifyEmail({ token: "" })],
    ["auth.requestPasswordReset", (c) => c.auth.requestPasswordReset({ email: "bukan email" })],
    ["auth.resetPassword", (c) => c.auth.resetPassword({ token: "abc", password: "pendek" })],
    ["user.updateProfile", (c) => c.user.updateProfile({ username: "a b", avatarUrl: "javascript:alert(1)" })],
    ["user.updateProfile (shape)", (c) => c.user.updateProfile({ fullName: 42 } as never)],
    ["user.changePassword", (c) => c.user.changePassword({ currentPassword: PASSWORD, newPassword: "aaaaaaaaaaaa" })],
    ["user.sessions.revoke", (c) => c.user.sessions.revoke({ id: "" })],
    ["user.securityEvents", (c) => c.user.securityEvents({ cursor: "bukan-kursor", limit: 5 })],
    ["user.securityEvents (limit)", (c) => c.user.securityEvents({ limit: 1000 })],
  ];

  it.each(cases)("%s answers BAD_REQUEST with a message", async (_name, call) => {
    const member = await signedUp();
    const error = await call(await callAs({ cookie: member.cookie })).then(
      () => null,
      (caught: unknown) => caught as { code?: string; message?: string },
    );
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect(error?.message).toBeTruthy();
  });

  it("refuses visitors on every user.* procedure", async () => {
    const visitor = await callAs();
    await expect(visitor.user.profile()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(visitor.user.sessions.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(visitor.user.securityEvents()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(visitor.auth.resendVerification()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("the interface language", () => {
  it("is remembered on the member's own account only, and only as a language of ours", async () => {
    const member = await signedUp();
    const other = await signedUp();
    const caller = await callAs({ cookie: member.cookie });
    await expect(caller.user.setLocale({ locale: "en" })).resolves.toEqual({ locale: "en" });
    await expect(caller.user.setLocale({ locale: "fr" as "en" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const stored = await db.prisma.user.findMany({ where: { username: { in: [member.username, other.username] } }, select: { username: true, locale: true } });
    expect(Object.fromEntries(stored.map((user) => [user.username, user.locale]))).toEqual({ [member.username]: "en", [other.username]: "id" });
    await expect((await callAs({})).user.setLocale({ locale: "en" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
