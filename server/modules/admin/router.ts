import { adminProcedure, publicProcedure, router } from "../../trpc/init.ts";
import { listStaffActions, listStaffMembers } from "../staff-log/service.ts";
import { setupInput, setupTokenInput, signInInput, staffLogInput, sessionIdInput, verifyTotpInput } from "./schemas.ts";
import {
  beginSetup,
  completeSetup,
  listSessions,
  revokeOtherSessions,
  revokeSession,
  setupState,
  signIn,
  signInStatus,
  signOut,
  verifyTotp,
} from "./service.ts";

/**
 * `admin.auth.*`: the only admin procedures anyone may call (server/trpc/staff-access.test.ts
 * names them): the setup link, the two sign-in steps and signing out.
 */
export const adminAuthRouter = router({
  /** Where this browser stands: signed out, waiting for its TOTP code, or signed in. */
  status: publicProcedure.query(({ ctx }) => signInStatus(ctx)),
  /** Whom a setup link is for; NOT_FOUND once it is used, expired or replaced. */
  setupState: publicProcedure.input(setupTokenInput).query(({ ctx, input }) => setupState(ctx, input.token)),
  /** A new TOTP secret (QR code and text) for the link's admin, enabled only by `setup`. */
  beginSetup: publicProcedure.input(setupTokenInput).mutation(({ ctx, input }) => beginSetup(ctx, input.token)),
  /** Password and a code from the new secret; uses the link up. */
  setup: publicProcedure.input(setupInput).mutation(({ ctx, input }) => completeSetup(ctx, input)),
  /** The password step: the admin cookie then names a session waiting for its code. */
  signIn: publicProcedure.input(signInInput).mutation(({ ctx, input }) => signIn(ctx, input)),
  verifyTotp: publicProcedure.input(verifyTotpInput).mutation(({ ctx, input }) => verifyTotp(ctx, input.code)),
  // Public, so a session still waiting for its code can be ended too.
  signOut: publicProcedure.mutation(({ ctx }) => signOut(ctx)),
});

/** `admin.me`: the signed-in admin. */
export const adminMeProcedure = adminProcedure.query(({ ctx }) => ctx.admin);

/** `admin.sessions.*`: the admin's own sessions. */
export const adminSessionsRouter = router({
  list: adminProcedure.query(({ ctx }) => listSessions(ctx)),
  revoke: adminProcedure.input(sessionIdInput).mutation(({ ctx, input }) => revokeSession(ctx, input.id)),
  revokeOthers: adminProcedure.mutation(({ ctx }) => revokeOtherSessions(ctx)),
});

/** `admin.log.*`: the staff action log, read-only (nothing can change it, not even the database's owner role without dropping the trigger). */
export const staffLogRouter = router({
  list: adminProcedure
    .input(staffLogInput)
    .query(({ ctx, input: { cursor, limit, ...filter } }) => listStaffActions(ctx.prisma, filter, { limit, beforeId: cursor?.id })),
  /** Every admin, for the log's filter. */
  admins: adminProcedure.query(({ ctx }) => listStaffMembers(ctx.prisma)),
});
