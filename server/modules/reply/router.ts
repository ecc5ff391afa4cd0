import { z } from "zod";
import type { Context } from "../../trpc/context.ts";
import { protectedProcedure, publicProcedure, router } from "../../trpc/init.ts";
import { cachedForumRead, invalidateForumReads } from "../forum-cache.ts";
import { cursorInput, pageLimit } from "../pagination.ts";
import { documentId } from "../schemas.ts";
import { assertAuthorOrAdmin, threadId, threadNotFound } from "../thread/router.ts";
import { ReplyModel } from "./reply.model.ts";
import {
  createReply,
  deleteReply,
  listReplies,
  MAX_REPLY_LENGTH,
  replyAuthorOf,
  replyCursorPosition,
  updateReply,
} from "./service.ts";

const replyId = documentId("rpl", "Id balasan tidak valid.");
const replyContent = z
  .string()
  .trim()
  .min(1, "Balasan tidak boleh kosong.")
  .max(MAX_REPLY_LENGTH, `Balasan maksimal ${MAX_REPLY_LENGTH} karakter.`);

function deps(ctx: Context) {
  return { prisma: ctx.prisma, replies: ReplyModel, onListsChanged: () => invalidateForumReads(ctx.cache) };
}

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
    .query(async ({ ctx, input }) => {
      const load = () => listReplies(deps(ctx), input);
      // The first page is what every view of a thread reads; later pages go to the database.
      const first = !input.cursor && !input.parentReplyId;
      const page = first ? await cachedForumRead(ctx.cache, `replies:${input.threadId}:${input.limit}`, load) : await load();
      if (!page) throw threadNotFound();
      return page;
    }),

  create: protectedProcedure
    .input(z.object({ threadId, parentReplyId: replyId.optional(), content: replyContent }))
    .mutation(({ ctx, input }) => createReply(deps(ctx), ctx.user, input)),

  update: protectedProcedure
    .input(z.object({ id: replyId, content: replyContent }))
    .mutation(async ({ ctx, input }) => {
      assertAuthorOrAdmin(ctx, ctx.user.id, await replyAuthorOf(deps(ctx), input.id));
      return updateReply(deps(ctx), input.id, input.content);
    }),

  delete: protectedProcedure.input(z.object({ id: replyId })).mutation(async ({ ctx, input }) => {
    assertAuthorOrAdmin(ctx, ctx.user.id, await replyAuthorOf(deps(ctx), input.id));
    await deleteReply(deps(ctx), input.id);
    return { id: input.id };
  }),
});
