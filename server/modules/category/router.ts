import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { publicProcedure, router } from "../../trpc/init.ts";
import { cachedForumRead } from "../forum-cache.ts";
import { findCategoryBySlug, listCategories } from "./service.ts";

import { categorySlug } from "../schemas.ts";

export { categorySlug };

export const categoryRouter = router({
  list: publicProcedure.query(({ ctx }) => cachedForumRead(ctx.cache, "categories", () => listCategories(ctx.prisma))),

  bySlug: publicProcedure.input(z.object({ slug: categorySlug })).query(async ({ ctx, input }) => {
    const category = await findCategoryBySlug(ctx.prisma, input.slug);
    if (!category) throw new TRPCError({ code: "NOT_FOUND", message: "Kategori tidak ditemukan." });
    return category;
  }),
});
