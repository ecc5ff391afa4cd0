import { z } from "zod";
import { publicProcedure, router } from "../../trpc/init.ts";
import { categorySlug } from "../schemas.ts";
import { getCategories, getCategory } from "./service.ts";

export const categoryRouter = router({
  list: publicProcedure.query(({ ctx }) => getCategories(ctx)),

  bySlug: publicProcedure.input(z.object({ slug: categorySlug })).query(({ ctx, input }) => getCategory(ctx, input.slug)),
});
