import { z } from "zod";
import { publicProcedure, router } from "../../trpc/init.ts";
import { threadId, threadNotFound } from "../thread/router.ts";
import { ReactionModel } from "./reaction.model.ts";
import { summarizeReactions } from "./service.ts";

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
});
