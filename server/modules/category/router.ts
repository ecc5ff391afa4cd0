import { z } from "zod";
import { adminProcedure, publicProcedure, router } from "../../trpc/init.ts";
import { categorySlug } from "../schemas.ts";
import { categoryArchiveInput, categoryFieldsInput, categoryMoveInput, categoryOutput, categoryUpdateInput } from "./schemas.ts";
import {
  createCategory,
  getCategories,
  getCategory,
  listCategoriesForAdmin,
  moveCategory,
  setCategoryArchived,
  updateCategory,
} from "./service.ts";

export const categoryRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: "GET", path: "/api/v1/categories", tags: ["categories"], summary: "Every open category, in display order", protect: false } })
    .output(z.array(categoryOutput))
    .query(({ ctx }) => getCategories(ctx)),

  bySlug: publicProcedure
    .meta({ openapi: { method: "GET", path: "/api/v1/categories/{slug}", tags: ["categories"], summary: "One category by its slug", protect: false } })
    .input(z.object({ slug: categorySlug }))
    .output(categoryOutput)
    .query(({ ctx, input }) => getCategory(ctx, input.slug)),
});

/** admin.categories: staff only, every change in the staff log. */
export const categoryAdminRouter = router({
  /** Every category, archived ones too, in display order. */
  list: adminProcedure.query(({ ctx }) => listCategoriesForAdmin(ctx)),

  create: adminProcedure.input(categoryFieldsInput).mutation(({ ctx, input }) => createCategory(ctx, ctx.admin, input)),

  update: adminProcedure
    .input(categoryUpdateInput)
    .mutation(({ ctx, input: { id, ...fields } }) => updateCategory(ctx, ctx.admin, id, fields)),

  /** To a place in the list (0 = first); the list is renumbered so it stays a total order. */
  move: adminProcedure.input(categoryMoveInput).mutation(({ ctx, input }) => moveCategory(ctx, ctx.admin, input.id, input.position)),

  /** Archived: out of the list, no new threads, its threads still readable. */
  setArchived: adminProcedure
    .input(categoryArchiveInput)
    .mutation(({ ctx, input }) => setCategoryArchived(ctx, ctx.admin, input.id, input.archived)),
});
