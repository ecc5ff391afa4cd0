import { z } from "zod";
import { protectedProcedure, publicProcedure, router } from "../../trpc/init.ts";
import { threadId } from "../schemas.ts";
import { REACTION_TYPES } from "./reaction.model.ts";
import { getReactionSummary, toggleThreadReaction } from "./service.ts";

export const reactionRouter = router({
  summary: publicProcedure
    .input(z.object({ threadId }))
    .query(({ ctx, input }) => getReactionSummary(ctx, input.threadId, ctx.user?.id ?? null)),

  toggle: protectedProcedure
    .input(z.object({ threadId, type: z.enum(REACTION_TYPES, "Jenis reaksi tidak dikenal.") }))
    .mutation(({ ctx, input }) => toggleThreadReaction(ctx, input.threadId, ctx.user.id, input.type)),
});
