import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CategoryIcon } from "~/components/category-grid.tsx";
import { ThreadList } from "~/components/thread-list.tsx";
import { formatNumber } from "~/lib/format.ts";
import { t as translateDefault, useLocale, useT, type MessageKey } from "~/lib/i18n.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

const SORTS = [
  { value: "newest", label: "category.sortNewest" },
  { value: "active", label: "category.sortActive" },
] as const satisfies readonly { value: string; label: MessageKey }[];
type Sort = (typeof SORTS)[number]["value"];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const search = new URL(request.url).searchParams;
  const sort: Sort = search.get("sort") === "active" ? "active" : "newest";
  const slug = params.slug ?? "";
  const [category, threads] = await orErrorResponse(
    Promise.all([
      context.trpc.category.bySlug({ slug }),
      context.trpc.thread.list({ categorySlug: slug, sort, cursor: search.get("cursor") ?? undefined }),
    ]),
  );
  return json({ category, threads, sort });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.category.name} · ${translateDefault("site.name")}` },
        { name: "description", content: data.category.description },
      ]
    : [];

export default function CategoryPage() {
  const { category, threads, sort } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="space-y-6">
      <header className="flex items-start gap-4">
        <CategoryIcon category={category} size="lg" />
        <div className="min-w-0">
          <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl dark:text-white">{category.name}</h1>
          {category.description && <p className="mt-1 text-slate-600 dark:text-slate-400">{category.description}</p>}
          <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">
            {t("category.threadCount", { count: formatNumber(category.threadCount, locale) })}
          </p>
        </div>
      </header>
      <nav aria-label={t("category.sortLabel")} className="flex gap-1 border-b border-slate-200 dark:border-slate-800">
        {SORTS.map((option) => {
          const current = option.value === sort;
          return (
            <Link
              key={option.value}
              to={`?sort=${option.value}`}
              aria-current={current ? "page" : undefined}
              className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
                current
                  ? "border-brand-600 text-brand-700 dark:border-brand-400 dark:text-brand-300"
                  : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"
              }`}
            >
              {t(option.label)}
            </Link>
          );
        })}
      </nav>
      <ThreadList page={threads} showCategory={false} />
    </div>
  );
}
