import { Link } from "@remix-run/react";
import { formatDateTime, formatNumber, safeColor } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";
import { CategoryIcon } from "./category-icon.tsx";
import type { Loaded, RouterOutputs } from "~/lib/trpc.tsx";

export type CategorySummary = Loaded<RouterOutputs["category"]["list"][number]>;

export function CategoryGrid({ categories }: { categories: CategorySummary[] }) {
  const locale = useLocale();
  if (categories.length === 0) {
    return <p className="text-slate-600 dark:text-slate-400">{m.home_noCategories()}</p>;
  }
  return (
    <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {categories.map((category) => (
        <li key={category.id}>
          <Link
            to={`/c/${category.slug}`}
            className="flex h-full gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm transition hover:border-slate-300 hover:shadow dark:border-slate-800 dark:bg-slate-900 dark:hover:border-slate-700"
            style={{ borderTopColor: safeColor(category.color), borderTopWidth: 3 }}
          >
            <CategoryIcon category={category} />
            <span className="min-w-0">
              <span className="block font-semibold text-slate-900 dark:text-white">{category.name}</span>
              <span className="mt-0.5 line-clamp-2 block text-sm text-slate-600 dark:text-slate-400">
                {category.description}
              </span>
              <span className="mt-2 block text-xs text-slate-500 dark:text-slate-400">
                {m.category_threadCount({ count: formatNumber(category.threadCount, locale) })}
                {" · "}
                {category.lastActivityAt
                  ? m.category_lastActivity({ date: formatDateTime(category.lastActivityAt, locale) })
                  : m.category_noActivity()}
              </span>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
