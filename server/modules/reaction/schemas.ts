import { z } from "zod";
import { REACTION_TYPES } from "./reaction.model.ts";

/** A thread's reaction counts and the caller's own (ReactionSummary), as an output schema. */
export const reactionSummaryOutput = z.object({
  counts: z.record(z.enum(REACTION_TYPES), z.number().int()).meta({ description: "Every type, zero included." }),
  total: z.number().int(),
  mine: z.enum(REACTION_TYPES).nullable(),
});
