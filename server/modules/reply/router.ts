import { z } from "zod";
import { publicProcedure, router } from "../../trpc/init.ts";
import { cursorInput, pageLimit } from "../pagination.ts";
import { threadId, threadNotFound } from "../thread/router.ts";
import { ReplyModel } from "./reply.model.ts";
import { listReplies, replyCursorPosition } from "./service.ts";

export const replyRouter = router({
  listByThread: publicProcedure
    .input(
      z.object({
        threadId,
        cursor: cursorInput(replyCursorPosition).optional(),
        limit: pageLimit,
      }),
    )
    .query(async ({ ctx, input }) => {
      const page = await listReplies({ prisma: ctx.prisma, replies: ReplyModel }, input);
      if (!page) throw threadNotFound();
      return page;
    }),
});
