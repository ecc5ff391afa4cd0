import * as m from "../../../shared/paraglide/messages/_index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserRequests } from "../../testing/auth.ts";
import { asClientSees } from "../../testing/errors.ts";
import { createForumTestDatabase, testCaller } from "../../testing/forum.ts";
import { RATE_LIMIT_RULES } from "./request-guard.ts";
import { createHash } from "node:crypto";
import { createAuth } from "./lucia.ts";
import { sessionIdHash } from "./session-adapter.ts";
import { parseEnv } from "../../platform/env.ts";
import { LOGIN_LOCK_THRESHOLD, login, loginDelaySeconds, register, type AuthDeps } from "./service.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let deps: AuthDeps;
const client = { ipAddress: "203.0.113.7", userAgent: "vitest", deviceFingerprint: null };

beforeAll(async () => {
  db = await createForumTestDatabase();
  deps = { prisma: db.prisma, auth: createAuth(db.prisma, parseEnv({ NODE_ENV: "test" })) };
});
afterAll(async () => {
  await db?.close();
});

const events = (userId: number) =>
  db.prisma.securityEvent.findMany({ where: { userId }, orderBy: { id: "asc" } }).then((rows) => rows.map((row) => row.eventType));

describe("register", () => {
  it("creates the member with an argon2id hash and opens a session with device details", async () => {
    const { user, session } = await register(deps, { email: "Rina@Example.test", username: "rina", password: "kopi-susu-gula-aren" }, client);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const stored = await db.prisma.session.findUniqueOrThrow({ where: { id: sessionIdHash(session.id) } });
    expect(stored).toMatchObject({ userId: user.id, ipAddress: "203.0.113.7", userAgent: "vitest", twoFactorVerified: true });
    expect(await events(user.id)).toEqual(["register"]);
  });

  it("stores only the SHA-256 of the session id, so a copy of the table opens no session", async () => {
    const { session } = await register(deps, { email: "hash@example.test", username: "hashed", password: "kopi-susu-gula-aren" }, client);
    expect(sessionIdHash(session.id)).toBe(createHash("sha256").update(session.id).digest("hex"));
    expect(await db.prisma.session.findUnique({ where: { id: session.id } })).toBeNull();
    const [row] = await db.prisma.session.findMany({ where: { user: { username: "hashed" } } });
    expect(row?.id).toBe(sessionIdHash(session.id));
    // The cookie's value validates; the stored value used as a cookie does not.
    expect((await deps.auth.validateSession(session.id)).session?.id).toBe(session.id);
    expect((await deps.auth.validateSession(row?.id ?? "")).session).toBeNull();
    await deps.auth.invalidateSession(session.id);
    expect(await db.prisma.session.count({ where: { user: { username: "hashed" } } })).toBe(0);
  });

  it("refuses a taken email or username whatever its letter case", async () => {
    await expect(asClientSees(register(deps, { email: "rina@example.TEST", username: "rina2", password: "kopi-susu-gula-aren" }, client))).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Email ini sudah terdaftar. Silakan masuk.",
    });
    await expect(asClientSees(register(deps, { email: "other@example.test", username: "RINA", password: "kopi-susu-gula-aren" }, client))).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Username ini sudah dipakai. Pilih yang lain.",
    });
  });

  it("gives clear messages for a bad email, username or weak password", async () => {
    const caller = testCaller(db.prisma);
    await expect(caller.auth.register({ email: "bukan-email", username: "x!", password: "aaaaaaaaaa" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const error = await caller.auth.register({ email: "bukan-email", username: "x!", password: "aaaaaaaaaa" }).then(
      () => new Error("registered despite bad input"),
      (caught: unknown) => caught as Error,
    );
    expect(error.message).toContain("Alamat email tidak valid.");
    expect(error.message).toContain("Username minimal 3 karakter.");
    expect(error.message).toContain("Kata sandi terlalu mudah ditebak");
  });
});

describe("login", () => {
  it("accepts the email or the username in any case", async () => {
    await expect(login(deps, { identifier: "RINA@example.test", password: "kopi-susu-gula-aren" }, client)).resolves.toMatchObject({ user: { username: "rina" } });
    await expect(login(deps, { identifier: "Rina", password: "kopi-susu-gula-aren" }, client)).resolves.toMatchObject({ user: { username: "rina" } });
  });

  it("answers an unknown account and a wrong password with the same message", async () => {
    const unknown = await asClientSees(login(deps, { identifier: "nobody@example.test", password: "whatever-123" }, client)).catch((error: unknown) => error);
    const wrong = await asClientSees(login(deps, { identifier: "rina", password: "salah-sandi-123" }, client)).catch((error: unknown) => error);
    expect(unknown).toMatchObject({ code: "UNAUTHORIZED", message: "Email/username atau kata sandi salah." });
    expect(wrong).toMatchObject({ code: "UNAUTHORIZED", message: "Email/username atau kata sandi salah." });
  });

  it("lets nobody lock the owner out: a known device and the right password always get in", async () => {
    const { user } = await register(deps, { email: "budi@example.test", username: "budi", password: "nasi-goreng-pedas" }, client);
    const now = new Date();
    // The owner signed in before from this browser: it holds a device cookie for the account.
    const ownDevice = user.id;
    // An attacker hammers the account from elsewhere, many guesses at once.
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => asClientSees(login(deps, { identifier: "budi", password: `tebakan-salah-${i}` }, client, now)).catch((error: unknown) => error)),
    );
    for (const refusal of guesses) expect(refusal).toMatchObject({ code: "UNAUTHORIZED", message: m.error_auth_invalidLogin() });
    // At most LOGIN_LOCK_THRESHOLD of them were actually tried against the hash, even concurrently.
    const tried = await db.prisma.securityEvent.count({ where: { userId: user.id, eventType: "login_failed" } });
    expect(tried).toBeLessThanOrEqual(LOGIN_LOCK_THRESHOLD);
    // A new device with the right password now waits (answered like a wrong password) ...
    await expect(asClientSees(login(deps, { identifier: "budi", password: "nasi-goreng-pedas" }, client, now))).rejects.toMatchObject({ code: "UNAUTHORIZED", message: m.error_auth_invalidLogin() });
    // ... the owner's own device is never refused the right password.
    await expect(login(deps, { identifier: "budi", password: "nasi-goreng-pedas" }, client, now, { deviceUserId: ownDevice })).resolves.toMatchObject({ user: { id: user.id } });
    expect(await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
  });

  it("delays new devices progressively, one try per window once the free attempts are spent", async () => {
    const { user } = await register(deps, { email: "dewi@example.test", username: "dewi", password: "soto-betawi-enak" }, client);
    const t0 = new Date("2026-12-01T10:00:00Z");
    for (let i = 0; i < LOGIN_LOCK_THRESHOLD; i++) await login(deps, { identifier: "dewi", password: "salah-salah-1" }, client, t0).catch(() => null);
    const first = (await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil;
    expect(first?.getTime()).toBe(t0.getTime() + loginDelaySeconds(LOGIN_LOCK_THRESHOLD) * 1000);
    // Inside the window even the right password from a new device is refused, like a wrong one.
    await expect(asClientSees(login(deps, { identifier: "dewi", password: "soto-betawi-enak" }, client, new Date(t0.getTime() + 1000)))).rejects.toMatchObject({ message: m.error_auth_invalidLogin() });
    // After it, one more wrong try doubles the wait.
    const t1 = new Date((first?.getTime() ?? 0) + 1);
    await login(deps, { identifier: "dewi", password: "salah-salah-2" }, client, t1).catch(() => null);
    const second = (await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil;
    expect((second?.getTime() ?? 0) - t1.getTime()).toBe(2 * loginDelaySeconds(LOGIN_LOCK_THRESHOLD) * 1000);
    expect(loginDelaySeconds(LOGIN_LOCK_THRESHOLD + 1000)).toBe(15 * 60);
    // After that window the right password works and clears everything.
    const t2 = new Date((second?.getTime() ?? 0) + 1);
    await expect(login(deps, { identifier: "dewi", password: "soto-betawi-enak" }, client, t2)).resolves.toMatchObject({ user: { id: user.id } });
    expect(await events(user.id)).toContain("account_locked");
  });

  it("answers an unknown account exactly like a wrong password, also once 'locked', in about the same time", async () => {
    const timed = async (identifier: string) => {
      const started = performance.now();
      const error = await asClientSees(login(deps, { identifier, password: "tebakan-salah-9" }, client)).catch((caught: unknown) => caught);
      return { error, ms: performance.now() - started };
    };
    for (let i = 0; i < LOGIN_LOCK_THRESHOLD + 2; i++) {
      const [known, unknown] = await Promise.all([timed("budi"), timed(`hantu${i}@example.test`)]);
      expect(unknown.error).toMatchObject({ code: "UNAUTHORIZED", message: m.error_auth_invalidLogin() });
      expect(known.error).toMatchObject({ code: "UNAUTHORIZED", message: m.error_auth_invalidLogin() });
      expect((unknown.error as Error).message).toBe((known.error as Error).message);
    }
    // Both paths hash a password: an unknown account is not answered faster than a locked one.
    const locked = await timed("budi");
    const unknown = await timed("hantu-lagi@example.test");
    expect(unknown.ms).toBeGreaterThan(locked.ms / 4);
    expect(locked.ms).toBeGreaterThan(unknown.ms / 4);
  });

  it("still refuses an account an admin locked, but only after the right password", async () => {
    const { user } = await register(deps, { email: "adminlock@example.test", username: "adminlock", password: "gado-gado-sedap" }, client);
    await db.prisma.user.update({ where: { id: user.id }, data: { isLocked: true } });
    await expect(asClientSees(login(deps, { identifier: "adminlock", password: "salah-salah-3" }, client))).rejects.toMatchObject({ code: "UNAUTHORIZED", message: m.error_auth_invalidLogin() });
    await expect(asClientSees(login(deps, { identifier: "adminlock", password: "gado-gado-sedap" }, client))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("opens a session that waits for the second factor when TOTP is on", async () => {
    const { user } = await register(deps, { email: "sari@example.test", username: "sari", password: "es-teh-manis-dingin" }, client);
    await db.prisma.user.update({ where: { id: user.id }, data: { totpEnabled: true } });
    const { session } = await login(deps, { identifier: "sari", password: "es-teh-manis-dingin" }, client);
    expect(session.twoFactorVerified).toBe(false);
  });
});

describe("login through the API, with rate limits on", () => {
  it("a device cookie from an earlier sign-in gets the owner past a stranger's flood; a forged one does not", async () => {
    const callAs = browserRequests(db.prisma, { RATE_LIMIT_ENABLED: "true" });
    const password = "rawon-surabaya-77";
    await (await callAs({ ip: "192.0.2.50" })).auth.register({ email: "owner@example.test", username: "pemilik", password });
    const first = await callAs({ ip: "192.0.2.50" });
    await first.auth.login({ identifier: "pemilik", password });
    const device = first.deviceCookie();
    expect(device).toMatch(/^aleph_device=\d+\.[\w-]+\.[\w-]+$/);
    expect(first.cookies.find((value) => value.startsWith("aleph_device="))).toMatch(/HttpOnly; SameSite=Lax/);

    // A botnet: every guess from another address, until the account's own limit is spent.
    const limit = RATE_LIMIT_RULES.login.account?.points ?? 0;
    const codes = [];
    for (let i = 0; i <= limit; i++) {
      const stranger = await callAs({ ip: `198.51.100.${10 + i}` });
      codes.push(await stranger.auth.login({ identifier: "pemilik", password: `tebakan-${i}` }).then(() => "OK", (error: { code: string }) => error.code));
    }
    expect(codes.at(-1)).toBe("TOO_MANY_REQUESTS");
    expect(codes).not.toContain("FORBIDDEN");

    // A new device with the right password is turned away for now ...
    const fresh = await callAs({ ip: "192.0.2.51" });
    await expect(fresh.auth.login({ identifier: "pemilik", password })).rejects.toMatchObject({ code: expect.stringMatching(/UNAUTHORIZED|TOO_MANY_REQUESTS/) });
    // ... and so is a made-up device cookie ...
    const forged = device.replace(/\.[\w-]+$/, ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    await expect((await callAs({ ip: "192.0.2.52", cookie: forged })).auth.login({ identifier: "pemilik", password })).rejects.toMatchObject({
      code: expect.stringMatching(/UNAUTHORIZED|TOO_MANY_REQUESTS/),
    });
    // ... but the owner's browser gets in, and is told nothing about the flood.
    const owner = await callAs({ ip: "192.0.2.53", cookie: device });
    await expect(owner.auth.login({ identifier: "pemilik", password })).resolves.toMatchObject({ username: "pemilik" });
    expect(await (await callAs({ cookie: owner.sessionCookie() })).auth.me()).toMatchObject({ username: "pemilik" });
  });

  it("gives no device cookie for a password alone while a second factor is pending", async () => {
    const callAs = browserRequests(db.prisma);
    const password = "pempek-palembang-5";
    await (await callAs()).auth.register({ email: "duafaktor@example.test", username: "duafaktor", password });
    await db.prisma.user.update({ where: { username: "duafaktor" }, data: { totpEnabled: true } });
    const pending = await callAs();
    await expect(pending.auth.login({ identifier: "duafaktor", password })).resolves.toMatchObject({ twoFactorRequired: true });
    expect(pending.sessionCookie()).not.toBe("");
    expect(pending.deviceCookie()).toBe("");
  });
});
