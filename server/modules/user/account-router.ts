import { protectedProcedure, router, sessionProcedure } from "../../trpc/init.ts";
import { sendPasswordChangedMail } from "../auth/recovery.ts";
import { inBackground, recoveryDeps } from "../auth/background.ts";
import { changePassword, getProfile, updateProfile } from "./account.ts";
import { changePasswordInput, revokeSessionInput, securityEventsInput, updateProfileInput } from "./schemas.ts";
import { listSecurityEvents } from "./security-events.ts";
import { listSessions, revokeOtherSessions, revokeSession } from "./sessions.ts";

/** The signed-in member's own account: profile, devices, security history (spread into userRouter). */
export const accountProcedures = {
  profile: protectedProcedure.query(({ ctx }) => getProfile(ctx.prisma, ctx.user.id)),

  updateProfile: protectedProcedure
    .input(updateProfileInput)
    .mutation(({ ctx, input }) => updateProfile(ctx.prisma, ctx.user.id, input)),

  // Credentials and devices are managed from a browser session, never with an access token.
  changePassword: sessionProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    const change = await changePassword(ctx.prisma, ctx.user.id, input, ctx.session?.id ?? null, ctx.client);
    const origin = ctx.publicOrigin;
    inBackground(ctx, "password changed mail", () => sendPasswordChangedMail(recoveryDeps(ctx), ctx.user.id, change, origin));
    return { ok: true };
  }),

  sessions: router({
    list: sessionProcedure.query(({ ctx }) => listSessions(ctx.prisma, ctx.user.id, ctx.session?.id ?? null)),

    revoke: sessionProcedure.input(revokeSessionInput).mutation(async ({ ctx, input }) => {
      await revokeSession(ctx.prisma, ctx.user.id, input.id, ctx.client);
      return { ok: true };
    }),

    revokeOthers: sessionProcedure.mutation(async ({ ctx }) => {
      const revoked = await revokeOtherSessions(ctx.prisma, ctx.user.id, ctx.session?.id ?? null, ctx.client);
      return { revoked };
    }),
  }),

  securityEvents: protectedProcedure
    .input(securityEventsInput)
    .query(({ ctx, input }) => listSecurityEvents(ctx.prisma, ctx.user.id, input.limit, input.cursor?.id)),
};
