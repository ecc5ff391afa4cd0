import { z } from "zod";
import { protectedProcedure, publicProcedure, router } from "../../trpc/init.ts";
import { cursorInput, pageLimit } from "../pagination.ts";
import { categorySlug, rowId, threadId } from "../schemas.ts";
import { writeOnceFields } from "../write-keys.ts";
import { threadDocument } from "./document-schema.ts";
import { searchCursorPosition, searchThreads } from "./search.ts";
import {
  createThread,
  deleteThread,
  getThread,
  getThreadPage,
  THREAD_SORTS,
  threadCursorPosition,
  updateThread,
} from "./service.ts";

const threadFields = z.object({
  title: z.string().trim().min(5, "Judul minimal 5 karakter.").max(200, "Judul maksimal 200 karakter."),
  summary: z.string().trim().max(500, "Ringkasan maksimal 500 karakter.").default(""),
  categorySlug,
  contentJson: threadDocument,
});

export const threadRouter = router({
  list: publicProcedure
    .input(
      z.object({
        categorySlug: categorySlug.optional(),
        authorId: rowId.optional(),
        sort: z.enum(THREAD_SORTS).default("newest"),
        cursor: cursorInput(threadCursorPosition).optional(),
        limit: pageLimit,
      }),
    )
    .query(({ ctx, input }) => getThreadPage(ctx, input)),

  byId: publicProcedure.input(z.object({ id: threadId })).query(({ ctx, input }) => getThread(ctx, input.id)),

  search: publicProcedure
    .input(
      z.object({
        query: z.string().trim().min(2, "Kata kunci minimal 2 karakter.").max(200, "Kata kunci maksimal 200 karakter."),
        categorySlug: categorySlug.optional(),
        cursor: cursorInput(searchCursorPosition).optional(),
        limit: pageLimit,
      }),
    )
    .query(({ ctx, input }) => searchThreads(ctx.prisma, input)),

  create: protectedProcedure.input(threadFields.extend(writeOnceFields)).mutation(({ ctx, input }) => createThread(ctx, ctx.user.id, input)),

  update: protectedProcedure
    .input(threadFields.extend({ id: threadId }))
    .mutation(({ ctx, input: { id, ...fields } }) => updateThread(ctx, { id: ctx.user.id, isAdmin: ctx.admin !== null }, id, fields)),

  delete: protectedProcedure
    .input(z.object({ id: threadId }))
    .mutation(({ ctx, input }) => deleteThread(ctx, { id: ctx.user.id, isAdmin: ctx.admin !== null }, input.id)),
});
