import { protectedProcedure, publicProcedure } from "../../trpc/init.ts";
import {
  captchaChallenge,
  devMailbox,
  mailPasswordReset,
  registerMember,
  resendVerification,
  resetPasswordFromLink,
  signedInMember,
  signIn,
  signOut,
  verifyEmailLink,
} from "./requests.ts";
import { loginInput, passwordResetRequestInput, registerInput, resetPasswordInput, verifyEmailInput } from "./schemas.ts";

/** `auth.*` (server/trpc/root.ts adds `auth.passkey` and `auth.twoFactor`). */
export const authProcedures = {
  /** The signed-in member, or null, also while the session still waits for its second factor. */
  me: publicProcedure.query(({ ctx }) => signedInMember(ctx)),

  register: publicProcedure.input(registerInput).mutation(({ ctx, input }) => registerMember(ctx, input)),

  login: publicProcedure.input(loginInput).mutation(({ ctx, input }) => signIn(ctx, input)),

  // Public, so a session still waiting for its second factor can be ended too.
  logout: publicProcedure.mutation(({ ctx }) => signOut(ctx)),

  /** A signed ALTCHA proof-of-work challenge for the register, login and reset forms (null: CAPTCHA off). */
  captchaChallenge: publicProcedure.query(({ ctx }) => captchaChallenge(ctx)),

  verifyEmail: publicProcedure.input(verifyEmailInput).mutation(({ ctx, input }) => verifyEmailLink(ctx, input.token)),

  /** Mails the signed-in member a new verification link. */
  resendVerification: protectedProcedure.mutation(({ ctx }) => resendVerification(ctx)),

  /** Always the same answer, whether or not the address has an account. */
  requestPasswordReset: publicProcedure.input(passwordResetRequestInput).mutation(({ ctx, input }) => mailPasswordReset(ctx, input)),

  /** A new password from a reset link; every other session of the member is signed out. */
  resetPassword: publicProcedure.input(resetPasswordInput).mutation(({ ctx, input }) => resetPasswordFromLink(ctx, input)),

  /** Mail sent without SMTP, newest first, for developers; NOT_FOUND where the dev mailbox is off. */
  devMailbox: publicProcedure.query(({ ctx }) => devMailbox(ctx)),
};
