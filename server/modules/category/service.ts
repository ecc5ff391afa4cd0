import type { Prisma } from "../../platform/db/postgres.ts";
import { InvalidError, NotFoundError } from "../../platform/errors.ts";
import type { Cache } from "../../platform/cache.ts";
import { cachedForumRead } from "../forum-cache.ts";
import { visibleThreadWhere } from "../thread/service.ts";

export interface CategorySummary {
  id: number;
  name: string;
  slug: string;
  description: string;
  color: string;
  icon: string;
  /** Visible (not deleted) threads only, like lastActivityAt. */
  threadCount: number;
  /** Newest activity among its visible threads; null while it has none. */
  lastActivityAt: Date | null;
}

const categoryFields = {
  id: true,
  name: true,
  slug: true,
  description: true,
  color: true,
  icon: true,
} as const;

type CategoryRow = { id: number; name: string; slug: string; description: string; color: string; icon: string };

async function withThreadStats(prisma: Prisma, categories: CategoryRow[]): Promise<CategorySummary[]> {
  const stats = await prisma.thread.groupBy({
    by: ["categoryId"],
    where: { ...visibleThreadWhere, categoryId: { in: categories.map((category) => category.id) } },
    _count: { _all: true },
    _max: { lastActivityAt: true },
  });
  const statsByCategory = new Map(stats.map((row) => [row.categoryId, row]));
  return categories.map((category) => {
    const row = statsByCategory.get(category.id);
    return {
      ...category,
      threadCount: row?._count._all ?? 0,
      lastActivityAt: row?._max.lastActivityAt ?? null,
    };
  });
}

/** Every category in display order. */
export async function listCategories(prisma: Prisma): Promise<CategorySummary[]> {
  const categories = await prisma.category.findMany({
    select: categoryFields,
    orderBy: [{ orderIndex: "asc" }, { id: "asc" }],
  });
  return withThreadStats(prisma, categories);
}

/** One category by its slug, or null when there is none. */
export async function findCategoryBySlug(prisma: Prisma, slug: string): Promise<CategorySummary | null> {
  const category = await prisma.category.findUnique({ where: { slug }, select: categoryFields });
  if (!category) return null;
  const [summary] = await withThreadStats(prisma, [category]);
  return summary ?? null;
}

export interface CategoryDeps {
  prisma: Prisma;
  /** The forum cache (Redis, or process memory without it). */
  cache: Cache;
}

/** The category list as the API answers it: from the forum cache (forum-cache.ts). */
export function getCategories({ prisma, cache }: CategoryDeps): Promise<CategorySummary[]> {
  return cachedForumRead(cache, "categories", () => listCategories(prisma));
}

/** One category by its slug; NotFoundError when there is none. */
export async function getCategory({ prisma }: Pick<CategoryDeps, "prisma">, slug: string): Promise<CategorySummary> {
  const category = await findCategoryBySlug(prisma, slug);
  if (!category) throw new NotFoundError("Kategori tidak ditemukan.");
  return category;
}

/** The id of the category a thread is written into; InvalidError (bad input) when there is none. */
export async function categoryIdOf(prisma: Prisma, slug: string): Promise<number> {
  const category = await prisma.category.findUnique({ where: { slug }, select: { id: true } });
  if (!category) throw new InvalidError("Kategori tidak ditemukan.");
  return category.id;
}
