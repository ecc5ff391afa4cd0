import { router, sessionProcedure } from "../../trpc/init.ts";
import { accessTokenIdInput, createAccessTokenInput } from "./schemas.ts";
import { createAccessToken, listAccessTokens, revokeAccessToken } from "./service.ts";

/** `user.accessTokens.*`: managed from a browser session only, never with a token itself. */
export const accessTokensRouter = router({
  list: sessionProcedure.query(({ ctx }) => listAccessTokens(ctx, ctx.user.id)),

  create: sessionProcedure
    .input(createAccessTokenInput)
    .mutation(({ ctx, input }) => createAccessToken(ctx.prisma, ctx.user.id, input, ctx.client)),

  revoke: sessionProcedure
    .input(accessTokenIdInput)
    .mutation(({ ctx, input }) => revokeAccessToken(ctx.prisma, ctx.user.id, input.id, ctx.client)),
});
