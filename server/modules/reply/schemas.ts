import { z } from "zod";
import { badgeChipOutput } from "../badge/schemas.ts";
import { pageOutput } from "../pagination.ts";

/** A reply with the answers to it that fit in the page (ReplyNode), as an output schema. */
export const replyNodeOutput = z
  .object({
    id: z.string(),
    userId: z.number().int(),
    username: z.string(),
    primaryBadge: badgeChipOutput.nullable(),
    content: z.string().meta({ description: "Empty when the reply is deleted or hidden." }),
    depth: z.number().int(),
    isDeleted: z.boolean(),
    isHidden: z.boolean(),
    createdAt: z.date(),
    editedAt: z.date().nullable(),
    get children(): z.ZodArray<typeof replyNodeOutput> {
      return z.array(replyNodeOutput);
    },
    moreReplies: z
      .object({ cursor: z.string().nullable() })
      .nullable()
      .meta({ description: "Set when some answers did not fit: list them with parentReplyId = this id and this cursor." }),
  })
  .meta({ id: "ReplyNode" });

export const replyPageOutput = pageOutput(replyNodeOutput);
