import { z } from "zod";
import { protectedProcedure, publicProcedure, router } from "../../trpc/init.ts";
import { cursorInput, pageLimit } from "../pagination.ts";
import { documentId, threadId } from "../schemas.ts";
import { writeOnceFields } from "../write-keys.ts";
import { createReply, editReply, getReplyPage, MAX_REPLY_LENGTH, removeReply, replyCursorPosition } from "./service.ts";

const replyId = documentId("rpl", "Id balasan tidak valid.");
const replyContent = z
  .string()
  .trim()
  .min(1, "Balasan tidak boleh kosong.")
  .max(MAX_REPLY_LENGTH, `Balasan maksimal ${MAX_REPLY_LENGTH} karakter.`);

export const replyRouter = router({
  listByThread: publicProcedure
    .input(
      z.object({
        threadId,
        /** A reply's answers that did not fit in its page (`moreReplies` on it). */
        parentReplyId: replyId.optional(),
        cursor: cursorInput(replyCursorPosition).optional(),
        limit: pageLimit,
      }),
    )
    .query(({ ctx, input }) => getReplyPage(ctx, input)),

  create: protectedProcedure
    .input(z.object({ threadId, parentReplyId: replyId.optional(), content: replyContent, ...writeOnceFields }))
    .mutation(({ ctx, input }) => createReply(ctx, ctx.user, input)),

  update: protectedProcedure
    .input(z.object({ id: replyId, content: replyContent }))
    .mutation(({ ctx, input }) => editReply(ctx, { id: ctx.user.id, isAdmin: ctx.admin !== null }, input.id, input.content)),

  delete: protectedProcedure
    .input(z.object({ id: replyId }))
    .mutation(({ ctx, input }) => removeReply(ctx, { id: ctx.user.id, isAdmin: ctx.admin !== null }, input.id)),
});
