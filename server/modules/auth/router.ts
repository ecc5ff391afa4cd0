import { TRPCError } from "@trpc/server";
import { protectedProcedure, publicProcedure, router } from "../../trpc/init.ts";
import { passkeyAuthRouter } from "../passkey/router.ts";
import { twoFactorAuthRouter } from "../two-factor/router.ts";
import { inBackground, recoveryDeps } from "./background.ts";
import { requestPasswordReset, resetPassword, sendPasswordChangedMail, sendVerificationMail, verifyEmail } from "./recovery.ts";
import { guardAuthRequest } from "./request-guard.ts";
import { loginInput, passwordResetRequestInput, registerInput, resetPasswordInput, verifyEmailInput } from "./schemas.ts";
import { deviceCookieFrom } from "./device-cookie.ts";
import { isKnownDevice, login, logout, register } from "./service.ts";


export const authRouter = router({
  /** The signed-in member, or null, also while the session still waits for its second factor. */
  me: publicProcedure.query(({ ctx }) => (ctx.session && !ctx.session.twoFactorVerified ? null : ctx.user)),

  passkey: passkeyAuthRouter,
  twoFactor: twoFactorAuthRouter,

  register: publicProcedure.input(registerInput).mutation(async ({ ctx, input }) => {
    const client = await guardAuthRequest(ctx, "register", input);
    const { user, session } = await register(ctx, input, client);
    ctx.request.setCookie(ctx.auth.createSessionCookie(session.id).serialize());
    const origin = ctx.publicOrigin;
    inBackground(ctx, "verification mail", () => sendVerificationMail(recoveryDeps(ctx), user, origin));
    return { id: user.id, username: user.username };
  }),

  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const deviceCookie = deviceCookieFrom(ctx.request.headers.get("cookie"));
    const deviceUserId = ctx.deviceCookies.userIdOf(deviceCookie);
    const known = await isKnownDevice(ctx.prisma, input.identifier, deviceUserId);
    // A device that signed in to this account before is limited on its own, not by the account's
    // count, which strangers elsewhere can use up.
    const account = known ? `device:${deviceCookie}` : input.identifier;
    const client = await guardAuthRequest(ctx, "login", { ...input, account });
    const { user, session } = await login(ctx, input, client, new Date(), { deviceUserId });
    ctx.request.setCookie(ctx.auth.createSessionCookie(session.id).serialize());
    if (session.twoFactorVerified) ctx.request.setCookie(ctx.deviceCookies.issue(user.id));
    return { id: user.id, username: user.username, twoFactorRequired: !session.twoFactorVerified };
  }),

  // Public, so a session still waiting for its second factor can be ended too.
  logout: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.session) await logout(ctx, ctx.session, ctx.client);
    ctx.request.setCookie(ctx.auth.createBlankSessionCookie().serialize());
    return { ok: true };
  }),

  /** A signed ALTCHA proof-of-work challenge for the register, login and reset forms (null: CAPTCHA off). */
  captchaChallenge: publicProcedure.query(({ ctx }) => (ctx.env.CAPTCHA_ENABLED ? ctx.captcha.challenge() : null)),

  verifyEmail: publicProcedure.input(verifyEmailInput).mutation(async ({ ctx, input }) => {
    await verifyEmail(ctx.prisma, input.token, ctx.client);
    return { ok: true };
  }),

  /** Mails the signed-in member a new verification link. */
  resendVerification: protectedProcedure.mutation(async ({ ctx }) => {
    if (ctx.user.isVerified) throw new TRPCError({ code: "BAD_REQUEST", message: "Email kamu sudah terverifikasi." });
    await guardAuthRequest(ctx, "verificationResend", { account: String(ctx.user.id) });
    await sendVerificationMail(recoveryDeps(ctx), ctx.user, ctx.publicOrigin);
    return { ok: true };
  }),

  /** Always the same answer, whether or not the address has an account. */
  requestPasswordReset: publicProcedure.input(passwordResetRequestInput).mutation(async ({ ctx, input }) => {
    const client = await guardAuthRequest(ctx, "passwordReset", { ...input, account: input.email });
    const origin = ctx.publicOrigin;
    inBackground(ctx, "password reset mail", () => requestPasswordReset(recoveryDeps(ctx), input.email, origin, client));
    return { ok: true };
  }),

  /** A new password from a reset link; every other session of the member is signed out. */
  resetPassword: publicProcedure.input(resetPasswordInput).mutation(async ({ ctx, input }) => {
    const { userId, ...change } = await resetPassword(ctx.prisma, input.token, input.password, ctx.session?.id ?? null, ctx.client);
    const origin = ctx.publicOrigin;
    inBackground(ctx, "password changed mail", () => sendPasswordChangedMail(recoveryDeps(ctx), userId, change, origin));
    return { ok: true };
  }),

  /** Mail sent without SMTP, newest first, for developers; NOT_FOUND where the dev mailbox is off. */
  devMailbox: publicProcedure.query(({ ctx }) => {
    const mail = ctx.mailer.devMailbox();
    if (!mail) throw new TRPCError({ code: "NOT_FOUND", message: "Kotak surat pengembangan tidak aktif." });
    return mail;
  }),
});
