import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { publicProcedure, router } from "../../trpc/init.ts";
import { categorySlug } from "../category/router.ts";
import { cursorInput, pageLimit } from "../pagination.ts";
import { findThread, listThreads, THREAD_SORTS, threadCursorPosition } from "./service.ts";

export const threadId = z.number().int().positive().max(2_147_483_647);

/** What every thread-scoped procedure answers for a missing or deleted thread. */
export function threadNotFound() {
  return new TRPCError({ code: "NOT_FOUND", message: "Thread tidak ditemukan atau sudah dihapus." });
}

export const threadRouter = router({
  list: publicProcedure
    .input(
      z.object({
        categorySlug: categorySlug.optional(),
        sort: z.enum(THREAD_SORTS).default("newest"),
        cursor: cursorInput(threadCursorPosition).optional(),
        limit: pageLimit,
      }),
    )
    .query(({ ctx, input }) => listThreads(ctx.prisma, input)),

  byId: publicProcedure.input(z.object({ id: threadId })).query(async ({ ctx, input }) => {
    const thread = await findThread(ctx.prisma, input.id);
    if (!thread) throw threadNotFound();
    return thread;
  }),
});
