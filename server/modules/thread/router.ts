import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Context } from "../../trpc/context.ts";
import { protectedProcedure, publicProcedure, router } from "../../trpc/init.ts";
import { cachedForumRead, invalidateForumReads } from "../forum-cache.ts";
import { cursorInput, pageLimit } from "../pagination.ts";
import { categorySlug, rowId, threadId } from "../schemas.ts";
import { threadDocument } from "./document-schema.ts";
import { searchCursorPosition, searchThreads } from "./search.ts";
import {
  createThread,
  deleteThread,
  findThread,
  listThreads,
  THREAD_SORTS,
  threadAuthorOf,
  threadCursorPosition,
  updateThread,
} from "./service.ts";

export { threadId };

/** What every thread-scoped procedure answers for a missing or deleted thread. */
export function threadNotFound() {
  return new TRPCError({ code: "NOT_FOUND", message: "Thread tidak ditemukan atau sudah dihapus." });
}

/** Only the author of something, or an admin, may change it. */
export function assertAuthorOrAdmin(ctx: Pick<Context, "isAdmin">, userId: number, authorId: number) {
  if (!ctx.isAdmin && userId !== authorId) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Hanya penulisnya atau admin yang boleh mengubah ini." });
  }
}

const threadFields = z.object({
  title: z.string().trim().min(5, "Judul minimal 5 karakter.").max(200, "Judul maksimal 200 karakter."),
  summary: z.string().trim().max(500, "Ringkasan maksimal 500 karakter.").default(""),
  categorySlug,
  contentJson: threadDocument,
});

async function resolveFields(ctx: Context, input: z.output<typeof threadFields>) {
  const category = await ctx.prisma.category.findUnique({ where: { slug: input.categorySlug }, select: { id: true } });
  if (!category) throw new TRPCError({ code: "BAD_REQUEST", message: "Kategori tidak ditemukan." });
  const { categorySlug: _slug, ...fields } = input;
  return { ...fields, categoryId: category.id };
}

function writeDeps(ctx: Context) {
  return { prisma: ctx.prisma, onListsChanged: () => invalidateForumReads(ctx.cache) };
}

/** The thread's author when the caller may change it; NOT_FOUND or FORBIDDEN otherwise. */
async function authorizeThreadChange(ctx: Context & { user: { id: number } }, id: number) {
  const authorId = await threadAuthorOf(ctx.prisma, id);
  if (authorId === null) throw threadNotFound();
  assertAuthorOrAdmin(ctx, ctx.user.id, authorId);
}

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
    .query(({ ctx, input }) => {
      const load = () => listThreads(ctx.prisma, input);
      // First pages are the hot reads; later pages (and profiles) go to the database.
      if (input.cursor || input.authorId) return load();
      return cachedForumRead(ctx.cache, `threads:${input.categorySlug ?? "*"}:${input.sort}:${input.limit}`, load);
    }),

  byId: publicProcedure.input(z.object({ id: threadId })).query(async ({ ctx, input }) => {
    const thread = await cachedForumRead(ctx.cache, `thread:${input.id}`, () => findThread(ctx.prisma, input.id));
    if (!thread) throw threadNotFound();
    return thread;
  }),

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

  create: protectedProcedure.input(threadFields).mutation(async ({ ctx, input }) => {
    return createThread(writeDeps(ctx), ctx.user.id, await resolveFields(ctx, input));
  }),

  update: protectedProcedure.input(threadFields.extend({ id: threadId })).mutation(async ({ ctx, input }) => {
    await authorizeThreadChange(ctx, input.id);
    const { id, ...fields } = input;
    const thread = await updateThread(writeDeps(ctx), id, await resolveFields(ctx, fields));
    if (!thread) throw threadNotFound();
    return thread;
  }),

  delete: protectedProcedure.input(z.object({ id: threadId })).mutation(async ({ ctx, input }) => {
    await authorizeThreadChange(ctx, input.id);
    if (!(await deleteThread(writeDeps(ctx), input.id))) throw threadNotFound();
    return { id: input.id };
  }),
});
