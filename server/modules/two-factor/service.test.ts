import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { memberWithPassword, requestTestbed, sessionCookieFrom } from "../../testing/request-caller.ts";
import { LOGIN_LOCK_THRESHOLD } from "../auth/service.ts";

const PASSWORD = "kata-sandi-yang-panjang-1";
const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");

let sequence = 0;

const testbed = requestTestbed({ TOTP_ENCRYPTION_KEY: ENCRYPTION_KEY });

/** A TOTP code `periods` periods from now (each code is accepted once, so tests move ahead). */
const codeAt = (secret: string, periods = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + periods * 30 });

/** A member with a password who turned TOTP on through the procedures. */
async function memberWithTotp() {
  const user = await memberWithPassword(testbed.prisma, `totp-${process.pid}-${++sequence}`, PASSWORD);
  const caller = await testbed.callers.asSession(user.id);
  const { secret } = await caller.user.twoFactor.beginSetup();
  const { backupCodes } = await caller.user.twoFactor.confirmSetup({ code: await codeAt(secret) });
  return { user, caller, secret, backupCodes };
}

describe("two-factor enrolment", () => {
  it("shows a secret and QR code, confirms with a code and answers ten backup codes once", async () => {
    const user = await memberWithPassword(testbed.prisma, `enrol-${process.pid}`, PASSWORD);
    const caller = await testbed.callers.asSession(user.id);
    expect(await caller.user.twoFactor.status()).toEqual({ enabled: false, backupCodesRemaining: 0 });
    const setup = await caller.user.twoFactor.beginSetup();
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Alephdraad:enrol-/);
    expect(setup.qrCode).toMatch(/^data:image\/png;base64,/);
    // Stored encrypted, never in clear.
    const stored = await testbed.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.totpSecret).not.toContain(setup.secret);
    expect(stored.totpEnabled).toBe(false);

    await expect(caller.user.twoFactor.confirmSetup({ code: "000000" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const { backupCodes } = await caller.user.twoFactor.confirmSetup({ code: await codeAt(setup.secret) });
    expect(backupCodes).toHaveLength(10);
    expect(new Set(backupCodes).size).toBe(10);
    for (const code of backupCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const hashes = await testbed.prisma.backupCode.findMany({ where: { userId: user.id } });
    expect(hashes.map((row) => row.codeHash).join()).not.toContain(backupCodes[0]!.replace("-", ""));

    expect(await caller.user.twoFactor.status()).toEqual({ enabled: true, backupCodesRemaining: 10 });
    await expect(caller.user.twoFactor.beginSetup()).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await testbed.prisma.securityEvent.count({ where: { userId: user.id, eventType: "totp_enabled" } })).toBe(1);
  });

  it("is managed from a browser session only", async () => {
    const token = await (await testbed.callers.asSession((await memberWithTotp()).user.id)).user.accessTokens.create({ name: "CI" });
    const program = await testbed.callers.call({ authorization: `Bearer ${token.token}` });
    await expect(program.user.twoFactor.status()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(program.user.twoFactor.beginSetup()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("two-factor at sign-in", () => {
  it("keeps a pending session out until a code, then swaps it for a verified one", async () => {
    const { user, secret } = await memberWithTotp();
    const pendingHeaders = await testbed.callers.sessionHeaders(user.id, false);
    const cookies: string[] = [];
    const pending = await testbed.callers.call(pendingHeaders, cookies);
    expect(await pending.auth.twoFactor.pending()).toBe(true);
    expect(await pending.auth.me()).toBeNull();
    await expect(pending.user.passkeys.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    await expect(pending.auth.twoFactor.verify({ code: "123456" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect((await testbed.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).failedLoginCount).toBe(1);

    const code = await codeAt(secret, 1);
    expect(await pending.auth.twoFactor.verify({ code: ` ${code.slice(0, 3)} ${code.slice(3)} ` })).toMatchObject({
      id: user.id,
      method: "totp",
    });
    const verified = await testbed.callers.call(sessionCookieFrom(cookies));
    expect(await verified.auth.twoFactor.pending()).toBe(false);
    expect(await verified.user.twoFactor.status()).toMatchObject({ enabled: true });
    // The pending session id is worth nothing afterwards.
    expect(await (await testbed.callers.call(pendingHeaders)).auth.me()).toBeNull();
    expect((await testbed.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).failedLoginCount).toBe(0);

    // The same code does not open a second session.
    const another = await testbed.callers.call(await testbed.callers.sessionHeaders(user.id, false));
    await expect(another.auth.twoFactor.verify({ code })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("accepts each backup code once", async () => {
    const { user, backupCodes } = await memberWithTotp();
    const first = await testbed.callers.call(await testbed.callers.sessionHeaders(user.id, false));
    expect(await first.auth.twoFactor.verify({ code: backupCodes[3]!.toUpperCase() })).toMatchObject({ method: "backup_code" });
    const event = await testbed.prisma.securityEvent.findFirst({ where: { userId: user.id, eventType: "backup_code_used" } });
    expect(event?.metadata).toMatchObject({ remaining: 9 });

    const second = await testbed.callers.call(await testbed.callers.sessionHeaders(user.id, false));
    await expect(second.auth.twoFactor.verify({ code: backupCodes[3]! })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.stringMatching(/sudah pernah dipakai/),
    });
  });

  it("ends the pending session after repeated wrong codes, and delays new devices' password logins", async () => {
    const { user, secret } = await memberWithTotp();
    const headers = await testbed.callers.sessionHeaders(user.id, false);
    const pending = await testbed.callers.call(headers);
    for (let attempt = 1; attempt < LOGIN_LOCK_THRESHOLD; attempt++) {
      await expect(pending.auth.twoFactor.verify({ code: "abcde-fghjk" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    await expect(pending.auth.twoFactor.verify({ code: "abcde-fghjk" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.stringMatching(/Masuk lagi/),
    });
    // The session is gone: even the right code no longer completes it (a new request with its cookie).
    await expect((await testbed.callers.call(headers)).auth.twoFactor.verify({ code: await codeAt(secret, 1) })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const stored = await testbed.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
  });

  it("refuses verification without a pending session", async () => {
    const { user } = await memberWithTotp();
    await expect((await testbed.callers.call()).auth.twoFactor.verify({ code: "123456" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect((await testbed.callers.asSession(user.id)).auth.twoFactor.verify({ code: "123456" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("two-factor management", () => {
  it("regenerates backup codes with a current code; the old ones stop working", async () => {
    const { user, caller, secret, backupCodes } = await memberWithTotp();
    await expect(caller.user.twoFactor.regenerateBackupCodes({ code: backupCodes[0]! })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const { backupCodes: fresh } = await caller.user.twoFactor.regenerateBackupCodes({ code: await codeAt(secret, 1) });
    expect(fresh).toHaveLength(10);
    const pending = await testbed.callers.call(await testbed.callers.sessionHeaders(user.id, false));
    await expect(pending.auth.twoFactor.verify({ code: backupCodes[0]! })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await pending.auth.twoFactor.verify({ code: fresh[0]! })).toMatchObject({ method: "backup_code" });
  });

  it("turns off only with the current password and a code", async () => {
    const { user, caller, secret } = await memberWithTotp();
    const code = await codeAt(secret, 1);
    await expect(caller.user.twoFactor.disable({ password: "salah-sekali-123", code })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Kata sandi salah.",
    });
    await expect(caller.user.twoFactor.disable({ password: PASSWORD, code: "000000" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await caller.user.twoFactor.disable({ password: PASSWORD, code })).toEqual({ enabled: false });
    const stored = await testbed.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored).toMatchObject({ totpEnabled: false, totpSecret: null });
    expect(await testbed.prisma.backupCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await testbed.prisma.securityEvent.count({ where: { userId: user.id, eventType: "totp_disabled" } })).toBe(1);
  });

  it("answers malformed input with BAD_REQUEST and a message", async () => {
    const { caller } = await memberWithTotp();
    const pending = await testbed.callers.call(await testbed.callers.sessionHeaders((await memberWithTotp()).user.id, false));
    const cases = [
      () => caller.user.twoFactor.confirmSetup({ code: "" }),
      () => caller.user.twoFactor.regenerateBackupCodes({ code: "1".repeat(40) }),
      () => caller.user.twoFactor.disable({ password: "", code: "123456" }),
      () => caller.user.twoFactor.disable({ code: "123456" } as never),
      () => pending.auth.twoFactor.verify({ code: 123456 as never }),
    ];
    for (const call of cases) {
      await expect(call()).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/\S/) });
    }
  });
});
