import { z } from "zod";
import { publicProcedure, router, sessionProcedure } from "../../trpc/init.ts";
import { authenticationResponseSchema, passkeyIdInput, passkeyNameSchema, registrationResponseSchema } from "./schemas.ts";
import { addPasskey, listPasskeys, newPasskeyOptions, passkeyLoginOptions, removePasskey, renamePasskey, signInWithPasskey } from "./service.ts";

/** `auth.passkey.*`: usernameless sign-in with a passkey. */
export const passkeyAuthRouter = router({
  loginOptions: publicProcedure.mutation(({ ctx }) => passkeyLoginOptions(ctx)),

  loginVerify: publicProcedure
    .input(z.object({ response: authenticationResponseSchema }))
    .mutation(({ ctx, input }) => signInWithPasskey(ctx, input.response)),
});

/** `user.passkeys.*`: the signed-in member's own passkeys (browser sessions only). */
export const passkeysRouter = router({
  list: sessionProcedure.query(({ ctx }) => listPasskeys(ctx.prisma, ctx.user.id)),

  registerOptions: sessionProcedure.mutation(({ ctx }) => newPasskeyOptions(ctx, ctx.user)),

  registerVerify: sessionProcedure
    .input(z.object({ name: passkeyNameSchema, response: registrationResponseSchema }))
    .mutation(({ ctx, input }) => addPasskey(ctx, ctx.user.id, input)),

  rename: sessionProcedure
    .input(passkeyIdInput.extend({ name: passkeyNameSchema }))
    .mutation(({ ctx, input }) => renamePasskey(ctx.prisma, ctx.user.id, input.id, input.name)),

  remove: sessionProcedure
    .input(passkeyIdInput)
    .mutation(({ ctx, input }) => removePasskey(ctx.prisma, ctx.user.id, input.id, ctx.client)),
});
