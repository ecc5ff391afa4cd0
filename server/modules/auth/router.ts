import { protectedProcedure, publicProcedure, router } from "../../trpc/init.ts";
import { loginInput, registerInput } from "./schemas.ts";
import { login, logout, register } from "./service.ts";

export const authRouter = router({
  /** The signed-in member, or null. */
  me: publicProcedure.query(({ ctx }) => ctx.user),

  register: publicProcedure.input(registerInput).mutation(async ({ ctx, input }) => {
    const { user, session } = await register(ctx, input, ctx.client);
    ctx.request.setCookie(ctx.auth.createSessionCookie(session.id).serialize());
    return { id: user.id, username: user.username };
  }),

  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const { user, session } = await login(ctx, input, ctx.client);
    ctx.request.setCookie(ctx.auth.createSessionCookie(session.id).serialize());
    return { id: user.id, username: user.username, twoFactorRequired: !session.twoFactorVerified };
  }),

  logout: protectedProcedure.mutation(async ({ ctx }) => {
    if (ctx.session) await logout(ctx, ctx.session, ctx.client);
    ctx.request.setCookie(ctx.auth.createBlankSessionCookie().serialize());
    return { ok: true };
  }),
});
