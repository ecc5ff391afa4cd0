import { z } from "zod";
import { pendingTwoFactorProcedure, publicProcedure, router, sessionProcedure } from "../../trpc/init.ts";
import {
  beginTotpSetup,
  confirmTotpSetup,
  disableTotp,
  regenerateBackupCodes,
  secondFactorPending,
  twoFactorStatus,
  verifySecondFactor,
} from "./service.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/** A 6-digit TOTP code or a backup code ("abcde-fghjk"); spaces people type are ignored. */
const codeSchema = z
  .string()
  .max(64, { error: () => m.input_twoFactor_codeTooLong() })
  .transform((value) => value.replace(/\s/g, ""))
  .pipe(z.string().min(6, { error: () => m.input_twoFactor_codeTooShort() }).max(16, { error: () => m.input_twoFactor_codeTooLong() }));

/** `auth.twoFactor.*`: the second step of a password sign-in. */
export const twoFactorAuthRouter = router({
  /** Whether this browser's session waits for its second factor. */
  pending: publicProcedure.query(({ ctx }) => secondFactorPending(ctx)),

  verify: pendingTwoFactorProcedure.input(z.object({ code: codeSchema })).mutation(({ ctx, input }) => verifySecondFactor(ctx, input.code)),
});

/** `user.twoFactor.*`: enrolment and management (browser sessions only). */
export const twoFactorRouter = router({
  status: sessionProcedure.query(({ ctx }) => twoFactorStatus(ctx.prisma, ctx.user.id)),

  beginSetup: sessionProcedure.mutation(({ ctx }) => beginTotpSetup(ctx, ctx.user.id)),

  confirmSetup: sessionProcedure
    .input(z.object({ code: codeSchema }))
    .mutation(({ ctx, input }) => confirmTotpSetup(ctx, ctx.user.id, input.code, ctx.client)),

  disable: sessionProcedure
    .input(z.object({ password: z.string().min(1, { error: () => m.input_passwordRequired() }).max(128), code: codeSchema }))
    .mutation(({ ctx, input }) => disableTotp(ctx, ctx.user.id, input, ctx.client)),

  regenerateBackupCodes: sessionProcedure
    .input(z.object({ code: codeSchema }))
    .mutation(({ ctx, input }) => regenerateBackupCodes(ctx, ctx.user.id, input.code)),
});
