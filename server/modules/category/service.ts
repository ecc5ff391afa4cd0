import { Prisma as PrismaNamespace } from "../../platform/db/generated/client.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { ConflictError, InvalidError, NotFoundError } from "../../platform/errors.ts";
import type { Cache } from "../../platform/cache.ts";
import { cachedForumRead, invalidateForumReads } from "../forum-cache.ts";
import { recordStaffAction, type AdminActor } from "../staff-log/service.ts";
import { visibleThreadWhere } from "../thread/service.ts";
import type { CategoryFields } from "./schemas.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

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
  /** Set while archived: out of the list, no new threads, its threads still readable. */
  archivedAt: Date | null;
}

const categoryFields = {
  id: true,
  name: true,
  slug: true,
  description: true,
  color: true,
  icon: true,
  archivedAt: true,
} as const;

type CategoryRow = { id: number; name: string; slug: string; description: string; color: string; icon: string; archivedAt: Date | null };

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

/** Every category in display order; archived ones only with `includeArchived` (the admin list). */
export async function listCategories(prisma: Prisma, { includeArchived = false } = {}): Promise<CategorySummary[]> {
  const categories = await prisma.category.findMany({
    where: includeArchived ? {} : { archivedAt: null },
    select: categoryFields,
    orderBy: [{ orderIndex: "asc" }, { id: "asc" }],
  });
  return withThreadStats(prisma, categories);
}

/** One category by its slug, or null when there is none (an archived one too: its old links keep working). */
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
  if (!category) throw new NotFoundError(m.error_category_notFound());
  return category;
}

/**
 * The id of the category a thread is written into; InvalidError (bad input) when there is none,
 * or when it is archived, unless it is `currentId` (an edit that keeps its thread where it is).
 */
export async function categoryIdOf(prisma: Prisma, slug: string, currentId?: number): Promise<number> {
  const category = await prisma.category.findUnique({ where: { slug }, select: { id: true, archivedAt: true } });
  if (!category) throw new InvalidError(m.error_category_notFound());
  if (category.archivedAt && category.id !== currentId) {
    throw new InvalidError(m.error_category_archived());
  }
  return category.id;
}

// ---------------------------------------------------------------------------------------------
// Administration (admin.categories.*): every change is logged in its own transaction and drops
// the forum cache, so the home page shows it at once.
// ---------------------------------------------------------------------------------------------

/** A category as the admin list shows it: archived ones included, with their place. */
export interface AdminCategory extends CategorySummary {
  orderIndex: number;
}

export type CategoryAdminDeps = CategoryDeps;

/** Every category, archived too, in display order. */
export async function listCategoriesForAdmin({ prisma }: Pick<CategoryDeps, "prisma">): Promise<AdminCategory[]> {
  const [categories, order] = await Promise.all([
    listCategories(prisma, { includeArchived: true }),
    prisma.category.findMany({ select: { id: true, orderIndex: true } }),
  ]);
  const orderOf = new Map(order.map((row) => [row.id, row.orderIndex]));
  return categories.map((category) => ({ ...category, orderIndex: orderOf.get(category.id) ?? 0 }));
}

/**
 * One writer of the category order at a time: a transaction holding this lock sees every
 * committed change to the order (each statement of READ COMMITTED takes a fresh snapshot), so two
 * concurrent moves or creates can never leave two categories on one place.
 */
const CATEGORY_ORDER_LOCK = 0x63617465; // "cate"

type Tx = PrismaNamespace.TransactionClient;

async function lockCategoryOrder(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CATEGORY_ORDER_LOCK}::bigint)`;
}

const slugTaken = () => new ConflictError(m.error_category_slugTaken());

function isUniqueViolation(error: unknown): boolean {
  return error instanceof PrismaNamespace.PrismaClientKnownRequestError && error.code === "P2002";
}

const logged = (row: CategoryFields & { archivedAt?: Date | null; orderIndex?: number }) => ({
  name: row.name,
  slug: row.slug,
  description: row.description,
  color: row.color,
  icon: row.icon,
  ...(row.orderIndex !== undefined ? { orderIndex: row.orderIndex } : {}),
  ...(row.archivedAt !== undefined ? { archivedAt: row.archivedAt?.toISOString() ?? null } : {}),
});

/** Creates a category at the end of the list; ConflictError when its slug is taken. */
export async function createCategory(deps: CategoryAdminDeps, admin: AdminActor, input: CategoryFields): Promise<{ id: number; slug: string }> {
  try {
    const created = await deps.prisma.$transaction(async (tx) => {
      await lockCategoryOrder(tx);
      const last = await tx.category.aggregate({ _max: { orderIndex: true } });
      const category = await tx.category.create({
        data: { ...input, orderIndex: (last._max.orderIndex ?? -1) + 1 },
        select: { id: true, slug: true, orderIndex: true },
      });
      await recordStaffAction(tx, admin, {
        action: "category.create",
        targetType: "category",
        targetId: category.id,
        after: logged({ ...input, orderIndex: category.orderIndex }),
      });
      return { id: category.id, slug: category.slug };
    });
    await invalidateForumReads(deps.cache);
    return created;
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

const categoryNotFound = () => new NotFoundError(m.error_category_notFound());

/** Changes a category's name, slug, description, colour and icon; ConflictError when the slug is taken. */
export async function updateCategory(
  deps: CategoryAdminDeps,
  admin: AdminActor,
  id: number,
  input: CategoryFields,
): Promise<{ id: number; slug: string }> {
  try {
    const updated = await deps.prisma.$transaction(async (tx) => {
      const before = await tx.category.findUnique({ where: { id }, select: { name: true, slug: true, description: true, color: true, icon: true } });
      if (!before) throw categoryNotFound();
      const category = await tx.category.update({ where: { id }, data: input, select: { id: true, slug: true } });
      await recordStaffAction(tx, admin, {
        action: "category.update",
        targetType: "category",
        targetId: id,
        before: logged(before),
        after: logged(input),
      });
      return category;
    });
    await invalidateForumReads(deps.cache);
    return updated;
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

/**
 * Moves a category to `position` (0 = first, past the end = last) and renumbers the whole list
 * 0..n-1 under the order lock: the order stays total whatever runs beside it.
 */
export async function moveCategory(deps: CategoryAdminDeps, admin: AdminActor, id: number, position: number): Promise<{ order: number[] }> {
  const order = await deps.prisma.$transaction(async (tx) => {
    await lockCategoryOrder(tx);
    const rows = await tx.category.findMany({ select: { id: true }, orderBy: [{ orderIndex: "asc" }, { id: "asc" }] });
    const ids = rows.map((row) => row.id);
    const from = ids.indexOf(id);
    if (from === -1) throw categoryNotFound();
    ids.splice(from, 1);
    const to = Math.min(position, ids.length);
    ids.splice(to, 0, id);
    await tx.$executeRaw`
      UPDATE "categories" AS c SET "order_index" = o.pos - 1, "updated_at" = now()
      FROM unnest(${ids}::int[]) WITH ORDINALITY AS o(id, pos)
      WHERE c."id" = o.id AND c."order_index" IS DISTINCT FROM (o.pos - 1)::int`;
    await recordStaffAction(tx, admin, {
      action: "category.move",
      targetType: "category",
      targetId: id,
      before: { position: from },
      after: { position: to },
    });
    return ids;
  });
  await invalidateForumReads(deps.cache);
  return { order };
}

/** Archives or restores a category; archiving twice (or restoring a live one) changes nothing and logs nothing. */
export async function setCategoryArchived(
  deps: CategoryAdminDeps,
  admin: AdminActor,
  id: number,
  archived: boolean,
): Promise<{ id: number; archivedAt: Date | null }> {
  const result = await deps.prisma.$transaction(async (tx) => {
    const before = await tx.category.findUnique({ where: { id }, select: { archivedAt: true } });
    if (!before) throw categoryNotFound();
    if ((before.archivedAt !== null) === archived) return { id, archivedAt: before.archivedAt, changed: false };
    // Guarded on the state just read, so of two concurrent archives exactly one logs a change.
    const archivedAt = archived ? new Date() : null;
    const { count } = await tx.category.updateMany({
      where: { id, archivedAt: archived ? null : { not: null } },
      data: { archivedAt },
    });
    if (count === 0) return { id, archivedAt: before.archivedAt, changed: false };
    await recordStaffAction(tx, admin, {
      action: archived ? "category.archive" : "category.unarchive",
      targetType: "category",
      targetId: id,
      before: { archivedAt: before.archivedAt?.toISOString() ?? null },
      after: { archivedAt: archivedAt?.toISOString() ?? null },
    });
    return { id, archivedAt, changed: true };
  });
  if (result.changed) await invalidateForumReads(deps.cache);
  return { id: result.id, archivedAt: result.archivedAt };
}
