import { z } from "zod";
import { protectedProcedure, publicProcedure, router } from "../../trpc/init.ts";
import { cursorInput, pageLimit } from "../pagination.ts";
import { categorySlug, rowId, threadId } from "../schemas.ts";
import { writeOnceFields } from "../write-keys.ts";
import { threadDocument } from "./document-schema.ts";
import { threadDetailOutput, threadPageOutput, threadSearchPageOutput, threadWrittenOutput } from "./schemas.ts";
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
import * as m from "../../../shared/paraglide/messages/_index.js";

const threadFields = z.object({
  title: z.string().trim().min(5, { error: () => m.input_thread_titleTooShort() }).max(200, { error: () => m.input_thread_titleTooLong() }),
  summary: z.string().trim().max(500, { error: () => m.input_thread_summaryTooLong() }).default(""),
  categorySlug,
  contentJson: threadDocument,
});

export const threadRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: "GET", path: "/api/v1/threads", tags: ["threads"], summary: "Threads, newest or most active first", protect: false } })
    .input(
      z.object({
        categorySlug: categorySlug.optional(),
        authorId: rowId.optional(),
        sort: z.enum(THREAD_SORTS).default("newest"),
        cursor: cursorInput(threadCursorPosition).optional(),
        limit: pageLimit,
      }),
    )
    .output(threadPageOutput)
    .query(({ ctx, input }) => getThreadPage(ctx, input)),

  byId: publicProcedure
    .meta({ openapi: { method: "GET", path: "/api/v1/threads/{id}", tags: ["threads"], summary: "One thread with its content", protect: false } })
    .input(z.object({ id: threadId }))
    .output(threadDetailOutput)
    .query(({ ctx, input }) => getThread(ctx, input.id)),

  search: publicProcedure
    .meta({ openapi: { method: "GET", path: "/api/v1/search/threads", tags: ["threads"], summary: "Full-text search of threads, best match first", protect: false } })
    .input(
      z.object({
        query: z.string().trim().min(2, { error: () => m.input_search_queryTooShort() }).max(200, { error: () => m.input_search_queryTooLong() }),
        categorySlug: categorySlug.optional(),
        cursor: cursorInput(searchCursorPosition).optional(),
        limit: pageLimit,
      }),
    )
    .output(threadSearchPageOutput)
    .query(({ ctx, input }) => searchThreads(ctx.prisma, input)),

  create: protectedProcedure
    .meta({ openapi: { method: "POST", path: "/api/v1/threads", tags: ["threads"], summary: "Start a thread" } })
    .input(threadFields.extend(writeOnceFields))
    .output(threadWrittenOutput)
    .mutation(({ ctx, input }) => createThread(ctx, ctx.user.id, input)),

  update: protectedProcedure
    .meta({ openapi: { method: "PUT", path: "/api/v1/threads/{id}", tags: ["threads"], summary: "Edit your thread (all its fields)" } })
    .input(threadFields.extend({ id: threadId }))
    .output(threadWrittenOutput)
    .mutation(({ ctx, input: { id, ...fields } }) => updateThread(ctx, { id: ctx.user.id, isAdmin: ctx.admin !== null }, id, fields)),

  delete: protectedProcedure
    .meta({ openapi: { method: "DELETE", path: "/api/v1/threads/{id}", tags: ["threads"], summary: "Delete your thread" } })
    .input(z.object({ id: threadId }))
    .output(z.object({ id: z.number().int() }))
    .mutation(({ ctx, input }) => deleteThread(ctx, { id: ctx.user.id, isAdmin: ctx.admin !== null }, input.id)),
});
