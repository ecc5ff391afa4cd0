import { adminProcedure, protectedProcedure, router, sessionProcedure } from "../../trpc/init.ts";
import { getProfile, setLocale, updateProfile } from "./account.ts";
import { memberSearchInput, memberSuggestInput, searchMembers, suggestMembers } from "./directory.ts";
import { changePasswordInput, revokeSessionInput, setLocaleInput, updateProfileInput } from "./schemas.ts";
import { changeOwnPassword, listOwnSessions, revokeOwnOtherSessions, revokeOwnSession } from "./service.ts";

/** The signed-in member's own account (spread into `user.*` by server/trpc/root.ts). */
export const accountProcedures = {
  profile: protectedProcedure.query(({ ctx }) => getProfile(ctx.prisma, ctx.user.id)),

  updateProfile: protectedProcedure
    .input(updateProfileInput)
    .mutation(({ ctx, input }) => updateProfile(ctx, ctx.user.id, input)),

  setLocale: protectedProcedure.input(setLocaleInput).mutation(({ ctx, input }) => setLocale(ctx.prisma, ctx.user.id, input.locale)),

  /** Usernames starting with a prefix, for the editors' @mention suggestions. */
  suggest: protectedProcedure.input(memberSuggestInput).query(({ ctx, input }) => suggestMembers(ctx, ctx.user.id, input)),

  // Credentials and devices are managed from a browser session, never with an access token.
  changePassword: sessionProcedure.input(changePasswordInput).mutation(({ ctx, input }) => changeOwnPassword(ctx, input)),
};

/** `user.sessions.*`: the member's signed-in devices (browser sessions only). */
export const sessionsRouter = router({
  list: sessionProcedure.query(({ ctx }) => listOwnSessions(ctx)),

  revoke: sessionProcedure.input(revokeSessionInput).mutation(({ ctx, input }) => revokeOwnSession(ctx, input.id)),

  revokeOthers: sessionProcedure.mutation(({ ctx }) => revokeOwnOtherSessions(ctx)),
});

/** `admin.members.search`: staff only. */
export const memberSearchProcedure = adminProcedure.input(memberSearchInput).query(({ ctx, input }) => searchMembers(ctx, input));
