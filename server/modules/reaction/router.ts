import { z } from "zod";
import { protectedProcedure, publicProcedure, router } from "../../trpc/init.ts";
import { threadId, threadNotFound } from "../thread/router.ts";
import { REACTION_TYPES, ReactionModel } from "./reaction.model.ts";
import { summarizeReactions, toggleReaction } from "./service.ts";

export const reactionRouter = router({
  summary: publicProcedure.input(z.object({ threadId })).query(async ({ ctx, input }) => {
    const summary = await summarizeReactions(
      { prisma: ctx.prisma, reactions: ReactionModel },
      input.threadId,
      ctx.user?.id ?? null,
    );
    if (!summary) throw threadNotFound();
    return summary;
  }),

  toggle: protectedProcedure
    .input(z.object({ threadId, type: z.enum(REACTION_TYPES, "Jenis reaksi tidak dikenal.") }))
    .mutation(async ({ ctx, input }) => {
      const summary = await toggleReaction(
        { prisma: ctx.prisma, reactions: ReactionModel },
        input.threadId,
        ctx.user.id,
        input.type,
      );
      if (!summary) throw threadNotFound();
      return summary;
    }),
});
