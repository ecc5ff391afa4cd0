import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../../platform/env.ts";
import { UnauthenticatedError } from "../../platform/errors.ts";
import { createLogger } from "../../platform/logger.ts";
import { createMailer } from "../../platform/mailer.ts";
import { asClientSees } from "../../testing/errors.ts";
import { createForumTestDatabase, testCaller } from "../../testing/forum.ts";
import { requestCallers } from "../../testing/request-caller.ts";
import { startTestSmtpServer, tokenFromMail } from "../../testing/smtp.ts";
import { createAccessToken, hashToken, resolveAccessToken } from "../access-token/service.ts";
import { createAuth } from "./lucia.ts";
import { requestPasswordReset, resetPassword, sendVerificationMail, verifyEmail, type RecoveryDeps } from "./recovery.ts";
import { login, register, type AuthDeps } from "./service.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
let deps: AuthDeps & RecoveryDeps;
const client = { ipAddress: "198.51.100.4", userAgent: "vitest", deviceFingerprint: null };
const origin = "https://alephdraad.example";

beforeAll(async () => {
  [db, smtp] = await Promise.all([createForumTestDatabase(), startTestSmtpServer()]);
  const env = parseEnv({ NODE_ENV: "test", SMTP_URL: smtp.url });
  deps = { prisma: db.prisma, auth: createAuth(db.prisma, env), mailer: createMailer(env, createLogger({ level: "silent" })) };
});
afterAll(async () => {
  await Promise.all([db?.close(), smtp?.close()]);
});

let sequence = 0;
async function newMember() {
  const username = `pemulih${++sequence}`;
  const password = "nasi-goreng-pedas-99";
  const { user, session } = await register(deps, { email: `${username}@example.test`, username, password }, client);
  return { user, session, password };
}

const eventsOf = async (userId: number) =>
  (await db.prisma.securityEvent.findMany({ where: { userId }, orderBy: { id: "asc" } })).map((event) => event.eventType);

describe("email verification", () => {
  it("mails a link whose token is stored only as its SHA-256, verifies once, then refuses it", async () => {
    const { user } = await newMember();
    await sendVerificationMail(deps, user, origin);
    const mail = await smtp.waitForMail(user.email, /Verifikasi email/);
    expect(mail.text).toContain(`${origin}/verifikasi-email?token=`);
    const token = tokenFromMail(mail);

    const stored = await db.prisma.emailVerificationToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.token).toBe(hashToken(token));
    expect(stored.token).not.toContain(token);

    await verifyEmail(db.prisma, token, client);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).isVerified).toBe(true);
    expect(await eventsOf(user.id)).toContain("email_verified");

    await expect(asClientSees(verifyEmail(db.prisma, token, client))).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("sudah dipakai") });
  });

  it("refuses an expired token, and an older link once a newer one was sent", async () => {
    const { user } = await newMember();
    await sendVerificationMail(deps, user, origin);
    const first = tokenFromMail(await smtp.waitForMail(user.email, /Verifikasi email/));
    await db.prisma.emailVerificationToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(asClientSees(verifyEmail(db.prisma, first, client))).rejects.toMatchObject({ code: "BAD_REQUEST" });

    smtp.received.length = 0;
    await sendVerificationMail(deps, user, origin);
    const second = tokenFromMail(await smtp.waitForMail(user.email, /Verifikasi email/));
    smtp.received.length = 0;
    await sendVerificationMail(deps, user, origin);
    const third = tokenFromMail(await smtp.waitForMail(user.email, /Verifikasi email/));
    await expect(asClientSees(verifyEmail(db.prisma, second, client))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await verifyEmail(db.prisma, third, client);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).isVerified).toBe(true);
  });

  it("answers an unknown or malformed token with BAD_REQUEST through the router", async () => {
    const caller = testCaller(db.prisma);
    await expect(caller.auth.verifyEmail({ token: "tidak-ada-token-seperti-ini" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.auth.verifyEmail({ token: "<script>" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Tautan tidak valid.") });
  });
});

describe("links in mail never come from the request's Host header", () => {
  const attacker = { host: "evil.example", origin: "http://evil.example", "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" };
  const off = { SMTP_URL: "", CAPTCHA_ENABLED: "false", RATE_LIMIT_ENABLED: "false" };

  it("builds the reset link from APP_URL in production, whatever Host says", async () => {
    const { user } = await newMember();
    const callers = requestCallers(db.prisma, { ...off, SMTP_URL: smtp.url, NODE_ENV: "production", APP_URL: "https://forum.example" });
    await (await callers.call(attacker)).auth.requestPasswordReset({ email: user.email });
    const mail = await smtp.waitForMail(user.email, /Atur ulang kata sandi/);
    expect(mail.text).toContain("https://forum.example/atur-ulang-sandi?token=");
    expect(mail.text).not.toContain("evil.example");
  });

  it("outside production without APP_URL, falls back to localhost for a foreign Host", async () => {
    const { user } = await newMember();
    const callers = requestCallers(db.prisma, { ...off, SMTP_URL: smtp.url, NODE_ENV: "development", PORT: "3999" });
    await (await callers.call(attacker)).auth.requestPasswordReset({ email: user.email });
    const mail = await smtp.waitForMail(user.email, /Atur ulang kata sandi/);
    expect(mail.text).toContain("http://localhost:3999/atur-ulang-sandi?token=");
    expect(mail.text).not.toContain("evil.example");
  });

  it("the verification mail of a sign-up through a spoofed Host also points at APP_URL", async () => {
    const callers = requestCallers(db.prisma, { ...off, SMTP_URL: smtp.url, NODE_ENV: "production", APP_URL: "https://forum.example" });
    const email = "spoof-signup@example.test";
    await (await callers.call(attacker)).auth.register({ email, username: "spoofsignup", password: "nasi-goreng-pedas-99" });
    const mail = await smtp.waitForMail(email, /Verifikasi email/);
    expect(mail.text).toContain("https://forum.example/verifikasi-email?token=");
    expect(mail.text).not.toContain("evil.example");
  });
});

describe("password reset", () => {
  it("mails the member that the password changed, naming the revoked sessions and tokens", async () => {
    const { user, password } = await newMember();
    await login(deps, { identifier: user.username, password }, client);
    await createAccessToken(db.prisma, user.id, { name: "skrip", expiresInDays: null }, client);
    const callers = requestCallers(db.prisma, { SMTP_URL: smtp.url, CAPTCHA_ENABLED: "false", RATE_LIMIT_ENABLED: "false", APP_URL: origin });
    await (await callers.call()).auth.requestPasswordReset({ email: user.email });
    const token = tokenFromMail(await smtp.waitForMail(user.email, /Atur ulang kata sandi/));
    await (await callers.call()).auth.resetPassword({ token, password: "es-teh-manis-dingin-7" });
    const mail = await smtp.waitForMail(user.email, /Kata sandi .* diganti/);
    expect(mail.text).toContain("1 token akses");
    expect(mail.text).toContain("dicabut");
    expect(mail.text).toContain(`${origin}/lupa-sandi`);
  });

  it("mails nothing for an unknown address, and the API answers the same either way", async () => {
    smtp.received.length = 0;
    await requestPasswordReset(deps, "nobody@example.test", origin, client);
    expect(smtp.received).toHaveLength(0);

    const { user } = await newMember();
    const caller = testCaller(db.prisma);
    const known = await caller.auth.requestPasswordReset({ email: user.email });
    const unknown = await caller.auth.requestPasswordReset({ email: "nobody@example.test" });
    expect(known).toEqual(unknown);
  });

  it("sets the new password, signs every session out, records it, and refuses the link again", async () => {
    const { user, session, password } = await newMember();
    const other = await login(deps, { identifier: user.username, password }, client);

    await requestPasswordReset(deps, user.email.toUpperCase(), origin, client);
    const mail = await smtp.waitForMail(user.email, /Atur ulang kata sandi/);
    expect(mail.text).toContain(`${origin}/atur-ulang-sandi?token=`);
    const token = tokenFromMail(mail);

    const pat = await createAccessToken(db.prisma, user.id, { name: "skrip", expiresInDays: null }, client);
    expect(await resolveAccessToken(db.prisma, pat.token, null)).toMatchObject({ user: { id: user.id } });
    await resetPassword(db.prisma, token, "es-teh-manis-dingin-7", null, client);
    // A stolen token does not outlive the password the member reset because of the theft.
    expect(await resolveAccessToken(db.prisma, pat.token, null)).toBeInstanceOf(UnauthenticatedError);
    expect(await eventsOf(user.id)).toContain("access_tokens_revoked");
    const live = await db.prisma.session.findMany({ where: { userId: user.id, isRevoked: false } });
    expect(live).toEqual([]);
    expect((await deps.auth.validateSession(session.id)).session).toBeNull();
    expect((await deps.auth.validateSession(other.session.id)).session).toBeNull();
    expect(await eventsOf(user.id)).toEqual(expect.arrayContaining(["password_reset_requested", "session_revoked", "password_changed"]));

    await expect(asClientSees(login(deps, { identifier: user.email, password }, client))).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(login(deps, { identifier: user.email, password: "es-teh-manis-dingin-7" }, client)).resolves.toMatchObject({ user: { id: user.id } });

    await expect(asClientSees(resetPassword(db.prisma, token, "lagi-lagi-ganti-sandi-8", null, client))).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses an expired reset token", async () => {
    const { user } = await newMember();
    await requestPasswordReset(deps, user.email, origin, client);
    const token = tokenFromMail(await smtp.waitForMail(user.email, /Atur ulang kata sandi/));
    await db.prisma.passwordResetToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    await expect(asClientSees(resetPassword(db.prisma, token, "es-teh-manis-dingin-7", null, client))).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("mail in the member's language", () => {
  it("writes to a member who signed up in English in English, and to one who switched back in Indonesian", async () => {
    const username = `inggris${++sequence}`;
    const { user } = await register(deps, { email: `${username}@example.test`, username, password: "nasi-goreng-pedas-99" }, client, "en");
    await sendVerificationMail(deps, user, origin);
    const verification = await smtp.waitForMail(user.email, /Verify the e-mail address/);
    expect(verification.text).toContain(`Hello ${username},`);
    expect(verification.text).toContain("valid for 24 hours");
    expect(verification.text).not.toMatch(/Tautan|Halo/);

    await db.prisma.user.update({ where: { id: user.id }, data: { locale: "id" } });
    await requestPasswordReset(deps, user.email, origin, client);
    const reset = await smtp.waitForMail(user.email, /Atur ulang kata sandi/);
    expect(reset.text).toContain(`Halo ${username},`);
  });
});
