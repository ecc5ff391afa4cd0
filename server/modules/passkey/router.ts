import { z } from "zod";
import { publicProcedure, router, sessionProcedure } from "../../trpc/init.ts";
import { guardAuthRequest } from "../auth/request-guard.ts";
import { relyingParty } from "./relying-party.ts";
import { authenticationResponseSchema, passkeyIdInput, passkeyNameSchema, registrationResponseSchema } from "./schemas.ts";
import {
  listPasskeys,
  loginOptions,
  loginWithPasskey,
  registerPasskey,
  registrationOptions,
  removePasskey,
  renamePasskey,
} from "./service.ts";

/** `auth.passkey.*`: usernameless sign-in with a passkey. */
export const passkeyAuthRouter = router({
  loginOptions: publicProcedure.mutation(({ ctx }) => loginOptions(ctx, relyingParty(ctx.publicOrigin))),

  loginVerify: publicProcedure.input(z.object({ response: authenticationResponseSchema })).mutation(async ({ ctx, input }) => {
    // Rate limit and device ban; no CAPTCHA, which a passkey makes pointless.
    const client = await guardAuthRequest(ctx, "passkeyLogin", {});
    const deps = { ...ctx, securityEvents: ctx.securityThrottle };
    const { user, session } = await loginWithPasskey(deps, relyingParty(ctx.publicOrigin), input.response, client);
    ctx.request.setCookie(ctx.auth.createSessionCookie(session.id).serialize());
    ctx.request.setCookie(ctx.deviceCookies.issue(user.id));
    return { id: user.id, username: user.username };
  }),
});

/** `user.passkeys.*`: the signed-in member's own passkeys (browser sessions only). */
export const passkeysRouter = router({
  list: sessionProcedure.query(({ ctx }) => listPasskeys(ctx.prisma, ctx.user.id)),

  registerOptions: sessionProcedure.mutation(({ ctx }) =>
    registrationOptions(ctx, ctx.user, relyingParty(ctx.publicOrigin)),
  ),

  registerVerify: sessionProcedure
    .input(z.object({ name: passkeyNameSchema, response: registrationResponseSchema }))
    .mutation(({ ctx, input }) =>
      registerPasskey(ctx, ctx.user.id, relyingParty(ctx.publicOrigin), input, ctx.client),
    ),

  rename: sessionProcedure
    .input(passkeyIdInput.extend({ name: passkeyNameSchema }))
    .mutation(({ ctx, input }) => renamePasskey(ctx.prisma, ctx.user.id, input.id, input.name)),

  remove: sessionProcedure
    .input(passkeyIdInput)
    .mutation(({ ctx, input }) => removePasskey(ctx.prisma, ctx.user.id, input.id, ctx.client)),
});
