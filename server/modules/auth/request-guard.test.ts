import * as m from "../../../shared/paraglide/messages/_index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../../platform/env.ts";
import { createRedis } from "../../platform/redis.ts";
import { browserRequests, solveCaptcha } from "../../testing/auth.ts";
import { createForumTestDatabase } from "../../testing/forum.ts";
import { connectTestMongo, type TestMongo } from "../../testing/mongo.ts";
import { DeviceBanModel } from "../moderation/device-ban.model.ts";
import { RATE_LIMIT_RULES } from "./request-guard.ts";
import { LOGIN_LOCK_THRESHOLD } from "./service.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: TestMongo;
// Counted in the real Redis when the suite has one, under a key prefix unique to this run.
const redis = createRedis(env().REDIS_URL);
let guarded: ReturnType<typeof browserRequests>;
let noCaptcha: ReturnType<typeof browserRequests>;

beforeAll(async () => {
  [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  guarded = browserRequests(db.prisma, { CAPTCHA_ENABLED: "true", RATE_LIMIT_ENABLED: "true" }, redis);
  noCaptcha = browserRequests(db.prisma, { CAPTCHA_ENABLED: "false", RATE_LIMIT_ENABLED: "true" }, redis);
});
afterAll(async () => {
  await Promise.all([db?.close(), mongo?.drop(), redis?.quit()]);
});

let sequence = 0;
const PASSWORD = "gado-gado-siram-3";
async function member() {
  const username = `dijaga${++sequence}`;
  const caller = await noCaptcha({ ip: `192.0.2.${sequence}` });
  await caller.auth.register({ email: `${username}@example.test`, username, password: PASSWORD });
  return username;
}

/** A login attempt from `ip` (CAPTCHA off: it has tests of its own); its outcome and Retry-After. */
async function attempt(ip: string, identifier: string, password: string) {
  const caller = await noCaptcha({ ip });
  return caller.auth.login({ identifier, password }).then(
    () => ({ code: "OK", message: "", retryAfter: undefined }),
    (error: { code: string; message: string }) => ({ code: error.code, message: error.message, retryAfter: caller.responseHeaders.get("retry-after") }),
  );
}

describe("brute force on login", () => {
  it("guessing one account's password runs into the lock, then into the account's rate limit", async () => {
    const username = await member();
    const limit = RATE_LIMIT_RULES.login.account?.points ?? 0;
    const results = [];
    // From a different address each time, as a botnet would: only the account counts.
    for (let i = 0; i <= limit; i++) results.push(await attempt(`198.51.100.${100 + i}`, username, `tebakan-${i}-salah`));

    expect(results.slice(0, LOGIN_LOCK_THRESHOLD).map((result) => result.code)).toEqual(Array(LOGIN_LOCK_THRESHOLD).fill("UNAUTHORIZED"));
    // Throttled for new devices from then on, answered exactly like a wrong password.
    for (const locked of results.slice(LOGIN_LOCK_THRESHOLD, limit)) {
      expect(locked).toMatchObject({ code: "UNAUTHORIZED", message: m.error_auth_invalidLogin() });
    }
    const limited = results[limit];
    expect(limited).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/^Terlalu banyak percobaan\. Coba lagi dalam \d+ (detik|menit)\.$/) });
    expect(Number(limited?.retryAfter)).toBeGreaterThan(0);
    expect(Number(limited?.retryAfter)).toBeLessThanOrEqual(RATE_LIMIT_RULES.login.account?.durationSeconds ?? 0);

    // Nor does the right password from a new device while it is throttled.
    expect((await attempt("198.51.100.200", username, PASSWORD)).code).not.toBe("OK");
    const events = await db.prisma.securityEvent.findMany({ where: { user: { username } } });
    // The lock is recorded (the first window, and nothing more while it lasts).
    expect(events.filter((event) => event.eventType === "account_locked")).toHaveLength(1);
  });

  it("trying many accounts from one address hits that address's rate limit, CAPTCHA or not", async () => {
    const ip = "203.0.113.77";
    const limit = RATE_LIMIT_RULES.login.ip.points;
    const codes: string[] = [];
    for (let i = 0; i <= limit; i++) {
      const caller = await guarded({ ip });
      codes.push(await caller.auth.login({ identifier: `korban${i}@example.test`, password: "apa-saja-123" }).then(() => "OK", (error: { code: string }) => error.code));
    }
    // Without a CAPTCHA each attempt is refused, yet counted: the limit is the outer layer.
    expect(codes.slice(0, limit)).toEqual(Array(limit).fill("BAD_REQUEST"));
    expect(codes[limit]).toBe("TOO_MANY_REQUESTS");
    // Another address is not affected.
    const elsewhere = await guarded({ ip: "203.0.113.78" });
    const captcha = await solveCaptcha(await elsewhere.auth.captchaChallenge());
    await expect(elsewhere.auth.login({ identifier: "korban0@example.test", password: "apa-saja-123", captcha })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("CAPTCHA", () => {
  it("accepts a solved challenge once; a missing, forged or replayed solution is refused", async () => {
    const caller = await guarded({ ip: "192.0.2.201" });
    const captcha = await solveCaptcha(await caller.auth.captchaChallenge());
    const input = (name: string, solution?: string) => ({ email: `${name}@example.test`, username: name, password: PASSWORD, captcha: solution });

    await expect(caller.auth.register(input("tanpacaptcha"))).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Selesaikan verifikasi CAPTCHA terlebih dahulu." });
    const forged = JSON.parse(Buffer.from(captcha, "base64").toString()) as { number: number };
    forged.number += 1;
    await expect(caller.auth.register(input("palsu", Buffer.from(JSON.stringify(forged)).toString("base64")))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("tidak valid"),
    });
    await expect(caller.auth.register(input("sampah", "bukan-base64-json"))).rejects.toMatchObject({ code: "BAD_REQUEST" });

    await expect(caller.auth.register(input("denganCaptcha", captcha))).resolves.toMatchObject({ username: "denganCaptcha" });
    await expect(caller.auth.register(input("ulangan", captcha))).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("sudah dipakai") });
    await expect(caller.auth.requestPasswordReset({ email: "denganCaptcha@example.test", captcha })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("device bans", () => {
  it("refuse register and login from a banned fingerprint, header or form field, and record the attempt", async () => {
    const username = await member();
    await DeviceBanModel.create({ fingerprint: "fp-dilarang", reason: "spam", bannedBy: 1 });
    const fromBanned = await noCaptcha({ ip: "192.0.2.210", headers: { "x-device-fingerprint": "fp-dilarang" } });
    const refusal = { code: "FORBIDDEN", message: expect.stringContaining("Perangkat ini diblokir") };

    await expect(fromBanned.auth.register({ email: "baru@example.test", username: "baru", password: PASSWORD })).rejects.toMatchObject(refusal);
    await expect(fromBanned.auth.login({ identifier: username, password: PASSWORD })).rejects.toMatchObject(refusal);
    const formPost = await noCaptcha({ ip: "192.0.2.211" });
    await expect(formPost.auth.login({ identifier: username, password: PASSWORD, deviceFingerprint: "fp-dilarang" })).rejects.toMatchObject(refusal);

    const attempts = await db.prisma.securityEvent.findMany({ where: { eventType: "device_banned_attempt" }, orderBy: { id: "asc" } });
    expect(attempts).toHaveLength(3);
    expect(attempts[0]?.metadata).toMatchObject({ action: "register", fingerprint: "fp-dilarang" });
  });

  it("record a bounded number of attempts from one banned device, also with rate limits off", async () => {
    await DeviceBanModel.create({ fingerprint: "fp-banjir", reason: "spam", bannedBy: 1 });
    const unlimited = browserRequests(db.prisma, { CAPTCHA_ENABLED: "false", RATE_LIMIT_ENABLED: "false" }, redis);
    const flood = await unlimited({ ip: "192.0.2.220", headers: { "x-device-fingerprint": "fp-banjir" } });
    const answers = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => flood.auth.login({ identifier: `siapa${i}`, password: PASSWORD })),
    );
    expect(answers.every((answer) => answer.status === "rejected" && (answer.reason as { code: string }).code === "FORBIDDEN")).toBe(true);
    const rows = await db.prisma.securityEvent.count({ where: { eventType: "device_banned_attempt", ipAddress: "192.0.2.220" } });
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThanOrEqual(10);
  });

  it("let an expired ban's device in again", async () => {
    const username = await member();
    await DeviceBanModel.create({ fingerprint: "fp-dulu", reason: "spam", bannedBy: 1, expiresAt: new Date(Date.now() - 60_000) });
    const caller = await noCaptcha({ ip: "192.0.2.212", headers: { "x-device-fingerprint": "fp-dulu" } });
    await expect(caller.auth.login({ identifier: username, password: PASSWORD })).resolves.toMatchObject({ username });
    const session = await db.prisma.session.findFirstOrThrow({ where: { user: { username }, deviceFingerprint: "fp-dulu" } });
    expect(session.ipAddress).toBe("192.0.2.212");
  });
});

describe("passkey sign-in options", () => {
  it("are limited per address, since each keeps a challenge server-side for five minutes", async () => {
    const limit = RATE_LIMIT_RULES.passkeyOptions.ip.points;
    const ask = async (ip: string) => {
      const caller = await noCaptcha({ ip });
      return caller.auth.passkey.loginOptions().then(
        () => "OK",
        (error: { code: string }) => error.code,
      );
    };
    const outcomes = await Promise.all(Array.from({ length: limit + 5 }, () => ask("203.0.113.77")));
    expect(outcomes.filter((outcome) => outcome === "OK")).toHaveLength(limit);
    expect(outcomes.filter((outcome) => outcome === "TOO_MANY_REQUESTS")).toHaveLength(5);
    // Another address is not held back by the first one's flood.
    expect(await ask("203.0.113.78")).toBe("OK");
  });
});
