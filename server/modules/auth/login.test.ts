import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createForumTestDatabase, testCaller } from "../../testing/forum.ts";
import { createHash } from "node:crypto";
import { authFor } from "./lucia.ts";
import { sessionIdHash } from "./session-adapter.ts";
import { parseEnv } from "../../platform/env.ts";
import { LOGIN_LOCK_THRESHOLD, login, register, type AuthDeps } from "./service.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let deps: AuthDeps;
const client = { ipAddress: "203.0.113.7", userAgent: "vitest", deviceFingerprint: null };

beforeAll(async () => {
  db = await createForumTestDatabase();
  deps = { prisma: db.prisma, auth: authFor(db.prisma, parseEnv({ NODE_ENV: "test" })) };
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
    await expect(register(deps, { email: "rina@example.TEST", username: "rina2", password: "kopi-susu-gula-aren" }, client)).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Email ini sudah terdaftar. Silakan masuk.",
    });
    await expect(register(deps, { email: "other@example.test", username: "RINA", password: "kopi-susu-gula-aren" }, client)).rejects.toMatchObject({
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
    const unknown = await login(deps, { identifier: "nobody@example.test", password: "whatever-123" }, client).catch((error: unknown) => error);
    const wrong = await login(deps, { identifier: "rina", password: "salah-sandi-123" }, client).catch((error: unknown) => error);
    expect(unknown).toMatchObject({ code: "UNAUTHORIZED", message: "Email/username atau kata sandi salah." });
    expect(wrong).toMatchObject({ code: "UNAUTHORIZED", message: "Email/username atau kata sandi salah." });
  });

  it("locks the account for a while after repeated failures, even with the right password", async () => {
    const { user } = await register(deps, { email: "budi@example.test", username: "budi", password: "nasi-goreng-pedas" }, client);
    const now = new Date();
    const attempts = Array.from({ length: LOGIN_LOCK_THRESHOLD }, () =>
      login(deps, { identifier: "budi", password: "tebakan-salah-1" }, client, now).catch((error: unknown) => error),
    );
    await Promise.all(attempts);
    await expect(login(deps, { identifier: "budi", password: "nasi-goreng-pedas" }, client, now)).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("Akun dikunci sementara"),
    });
    expect(await events(user.id)).toContain("account_locked");
    // After the lock expires the right password works again and the counter is reset.
    const later = new Date(now.getTime() + 16 * 60_000);
    await expect(login(deps, { identifier: "budi", password: "nasi-goreng-pedas" }, client, later)).resolves.toBeTruthy();
    expect(await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
  });

  it("opens a session that waits for the second factor when TOTP is on", async () => {
    const { user } = await register(deps, { email: "sari@example.test", username: "sari", password: "es-teh-manis-dingin" }, client);
    await db.prisma.user.update({ where: { id: user.id }, data: { totpEnabled: true } });
    const { session } = await login(deps, { identifier: "sari", password: "es-teh-manis-dingin" }, client);
    expect(session.twoFactorVerified).toBe(false);
  });
});
