import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CategoryIcon } from "~/components/category-icon.tsx";
import { NewThreadLink, SortTabs, sortFromSearch, ThreadList } from "~/components/thread-list.tsx";
import { formatDateTime, formatNumber } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";
import { canonicalLink, feedLinks, originOf } from "~/lib/seo.ts";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const search = new URL(request.url).searchParams;
  const sort = sortFromSearch(search);
  const slug = params.slug ?? "";
  const [category, threads] = await orErrorResponse(
    Promise.all([
      context.trpc.category.bySlug({ slug }),
      context.trpc.thread.list({ categorySlug: slug, sort, cursor: search.get("cursor") ?? undefined }),
    ]),
  );
  return json({ category, threads, sort });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data) return [];
  const { category } = data;
  const origin = originOf(matches);
  return [
    { title: `${category.name} · ${m.site_name()}` },
    { name: "description", content: category.description },
    ...(origin
      ? [
          canonicalLink(origin, `/c/${encodeURIComponent(category.slug)}`),
          ...feedLinks(origin, m.feed_category({ name: category.name }), category.slug),
        ]
      : []),
  ];
};

export default function CategoryPage() {
  const { category, threads, sort } = useLoaderData<typeof loader>();
  const locale = useLocale();
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-start gap-4">
        <CategoryIcon category={category} size="lg" />
        <div className="min-w-0">
          <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl dark:text-white">{category.name}</h1>
          {category.description && <p className="mt-1 text-slate-600 dark:text-slate-400">{category.description}</p>}
          <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">
            {m.category_threadCount({ count: formatNumber(category.threadCount, locale) })}
            {category.lastActivityAt &&
              ` · ${m.category_lastActivity({ date: formatDateTime(category.lastActivityAt, locale) })}`}
          </p>
        </div>
        <div className="ml-auto shrink-0">
          <NewThreadLink categorySlug={category.slug} />
        </div>
      </header>
      <SortTabs sort={sort} />
      <ThreadList page={threads} showCategory={false} headingLevel={2} />
    </div>
  );
}
