import { z } from "zod";
import { protectedProcedure, publicProcedure, router } from "../../trpc/init.ts";
import { threadId } from "../schemas.ts";
import { REACTION_TYPES } from "./reaction.model.ts";
import { reactionSummaryOutput } from "./schemas.ts";
import { getReactionSummary, toggleThreadReaction } from "./service.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

export const reactionRouter = router({
  summary: publicProcedure
    .meta({ openapi: { method: "GET", path: "/api/v1/threads/{threadId}/reactions", tags: ["reactions"], summary: "A thread's reaction counts (and yours, signed in)", protect: false } })
    .input(z.object({ threadId }))
    .output(reactionSummaryOutput)
    .query(({ ctx, input }) => getReactionSummary(ctx, input.threadId, ctx.user?.id ?? null)),

  toggle: protectedProcedure
    .meta({ openapi: { method: "POST", path: "/api/v1/threads/{threadId}/reactions", tags: ["reactions"], summary: "Set, change or take back your reaction to a thread" } })
    .output(reactionSummaryOutput)
    .input(z.object({ threadId, type: z.enum(REACTION_TYPES, { error: () => m.input_reaction_kindUnknown() }) }))
    .mutation(({ ctx, input }) => toggleThreadReaction(ctx, input.threadId, ctx.user.id, input.type)),
});
