import { z } from "zod";
import { protectedProcedure, publicProcedure, router } from "../../trpc/init.ts";
import { cursorInput, pageLimit } from "../pagination.ts";
import { documentId, threadId } from "../schemas.ts";
import { writeOnceFields } from "../write-keys.ts";
import { replyNodeOutput, replyPageOutput } from "./schemas.ts";
import { createReply, editReply, getReplyPage, MAX_REPLY_LENGTH, removeReply, replyCursorPosition } from "./service.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

const replyId = documentId("rpl", () => m.input_replyIdInvalid());
const replyContent = z
  .string()
  .trim()
  .min(1, { error: () => m.input_reply_empty() })
  .max(MAX_REPLY_LENGTH, { error: () => m.input_reply_tooLong({ max: MAX_REPLY_LENGTH }) });

export const replyRouter = router({
  listByThread: publicProcedure
    .meta({ openapi: { method: "GET", path: "/api/v1/threads/{threadId}/replies", tags: ["replies"], summary: "A thread's replies as a tree, oldest first", protect: false } })
    .input(
      z.object({
        threadId,
        /** A reply's answers that did not fit in its page (`moreReplies` on it). */
        parentReplyId: replyId.optional(),
        cursor: cursorInput(replyCursorPosition).optional(),
        limit: pageLimit,
      }),
    )
    .output(replyPageOutput)
    .query(({ ctx, input }) => getReplyPage(ctx, input)),

  create: protectedProcedure
    .meta({ openapi: { method: "POST", path: "/api/v1/threads/{threadId}/replies", tags: ["replies"], summary: "Reply to a thread or to a reply" } })
    .input(z.object({ threadId, parentReplyId: replyId.optional(), content: replyContent, ...writeOnceFields }))
    .output(replyNodeOutput)
    .mutation(({ ctx, input }) => createReply(ctx, ctx.user, input)),

  update: protectedProcedure
    .meta({ openapi: { method: "PUT", path: "/api/v1/replies/{id}", tags: ["replies"], summary: "Edit your reply" } })
    .input(z.object({ id: replyId, content: replyContent }))
    .output(replyNodeOutput)
    .mutation(({ ctx, input }) => editReply(ctx, { id: ctx.user.id, isAdmin: ctx.admin !== null }, input.id, input.content)),

  delete: protectedProcedure
    .meta({ openapi: { method: "DELETE", path: "/api/v1/replies/{id}", tags: ["replies"], summary: "Delete your reply" } })
    .input(z.object({ id: replyId }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => removeReply(ctx, { id: ctx.user.id, isAdmin: ctx.admin !== null }, input.id)),
});
