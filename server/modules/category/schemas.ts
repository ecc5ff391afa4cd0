import { z } from "zod";
import { isCategoryIcon } from "../../../shared/category-icons.ts";
import { rowId } from "../schemas.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/** Lowercase words joined by single hyphens: what a category URL (/c/<slug>) is made of. */
export const newCategorySlug = z
  .string()
  .trim()
  .min(2, { error: () => m.input_category_slugTooShort() })
  .max(80, { error: () => m.input_category_slugTooLong() })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: () => m.input_category_slugFormat() });

/** #rrggbb: the only colour form the pages put into a style attribute. */
export const hexColor = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, { error: () => m.input_category_colorFormat() })
  .transform((value) => value.toLowerCase());

export const categoryFieldsInput = z.object({
  name: z.string().trim().min(2, { error: () => m.input_category_nameTooShort() }).max(80, { error: () => m.input_category_nameTooLong() }),
  slug: newCategorySlug,
  description: z.string().trim().max(500, { error: () => m.input_descriptionTooLong500() }).default(""),
  color: hexColor.default("#64748b"),
  // An icon's name ("" = none: the initial shows), drawn on the category's colour (category-icon.tsx).
  // A string on the way in, so a form's field passes as it is and anything else is this refusal.
  icon: z
    .string()
    .trim()
    .refine((value): boolean => value === "" || isCategoryIcon(value), { error: () => m.input_category_iconUnknown() })
    .default(""),
});
export type CategoryFields = z.infer<typeof categoryFieldsInput>;

export const categoryUpdateInput = categoryFieldsInput.extend({ id: rowId });

/** A new place in the list, 0 = first; past the end means last. */
export const categoryMoveInput = z.object({ id: rowId, position: z.number().int().min(0).max(10_000) });

export const categoryArchiveInput = z.object({ id: rowId, archived: z.boolean() });

/** A category as the API answers it (CategorySummary). */
export const categoryOutput = z.object({
  id: z.number().int(),
  name: z.string(),
  slug: z.string(),
  description: z.string(),
  color: z.string(),
  icon: z.string(),
  threadCount: z.number().int(),
  lastActivityAt: z.date().nullable(),
  archivedAt: z.date().nullable(),
});
