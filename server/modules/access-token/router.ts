import { z } from "zod";
import { router, sessionProcedure } from "../../trpc/init.ts";
import { rowId } from "../schemas.ts";
import { createAccessToken, listAccessTokens, revokeAccessToken } from "./service.ts";

/** How long a new token lives; null = until revoked. */
export const ACCESS_TOKEN_LIFETIMES = [7, 30, 90, 365, null] as const;

/** `user.accessTokens.*`: managed from a browser session only, never with a token itself. */
export const accessTokensRouter = router({
  list: sessionProcedure.query(({ ctx }) => listAccessTokens(ctx.prisma, ctx.user.id)),

  create: sessionProcedure
    .input(
      z.object({
        name: z.string().trim().min(1, "Beri nama token ini.").max(64, "Nama token maksimal 64 karakter."),
        expiresInDays: z
          .union(ACCESS_TOKEN_LIFETIMES.map((days) => z.literal(days)), "Masa berlaku harus 7, 30, 90, 365 hari atau tanpa batas.")
          .default(90),
      }),
    )
    .mutation(({ ctx, input }) => createAccessToken(ctx.prisma, ctx.user.id, input, ctx.client)),

  revoke: sessionProcedure
    .input(z.object({ id: rowId }))
    .mutation(({ ctx, input }) => revokeAccessToken(ctx.prisma, ctx.user.id, input.id, ctx.client)),
});
