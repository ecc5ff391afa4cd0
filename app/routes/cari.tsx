import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { useId } from "react";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { Highlighted } from "~/components/highlighted.tsx";
import { CategoryChip, threadPath } from "~/components/thread-list.tsx";
import { UserName } from "~/components/user-name.tsx";
import { formatDateTime, formatNumber } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const query = (params.get("q") ?? "").trim();
  const categorySlug = params.get("kategori") || undefined;
  const categories = await context.trpc.category.list();
  if (!query) return json({ query, categorySlug, categories, results: null, error: null });
  try {
    const results = await context.trpc.thread.search({ query, categorySlug, cursor: params.get("cursor") ?? undefined });
    return json({ query, categorySlug, categories, results, error: null });
  } catch (error) {
    // A query too short or a stale cursor: say so beside the box rather than as an error page.
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") {
      return json({ query, categorySlug, categories, results: null, error: error.message });
    }
    throw error;
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data?.query
      ? `${m.search_titleFor({ query: data.query })} · ${m.site_name()}`
      : `${m.search_title()} · ${m.site_name()}`,
  },
  { name: "robots", content: "noindex" },
];

export default function SearchPage() {
  const { query, categorySlug, categories, results, error } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const navigation = useNavigation();
  const queryId = useId();
  const categoryId = useId();
  const searching = navigation.state === "loading" && navigation.location.pathname === "/cari";
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl dark:text-white">{m.search_title()}</h1>
      <Form method="get" role="search" className="flex flex-col gap-2 sm:flex-row">
        <label htmlFor={queryId} className="sr-only">
          {m.search_queryLabel()}
        </label>
        <input
          id={queryId}
          type="search"
          name="q"
          defaultValue={query}
          placeholder={m.search_placeholder()}
          maxLength={200}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${queryId}-error` : undefined}
          className="min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
        />
        <label htmlFor={categoryId} className="sr-only">
          {m.search_categoryLabel()}
        </label>
        <select
          id={categoryId}
          name="kategori"
          defaultValue={categorySlug ?? ""}
          className="rounded-lg border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
        >
          <option value="">{m.search_allCategories()}</option>
          {categories.map((category) => (
            <option key={category.slug} value={category.slug}>
              {category.name}
            </option>
          ))}
        </select>
        <button type="submit" className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
          {searching ? m.search_searching() : m.search_submit()}
        </button>
      </Form>
      {error && (
        <p id={`${queryId}-error`} role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      {results && results.items.length === 0 && (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200">
          {m.search_empty({ query })}
        </p>
      )}
      {results && results.items.length > 0 && (
        <ol aria-label={m.search_results()} className="divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {results.items.map((hit) => (
            <li key={hit.id} className="px-4 py-4 sm:px-5">
              <article>
                <h2 className="text-base font-semibold text-slate-900 dark:text-white">
                  <Link to={threadPath(hit)} className="hover:text-brand-700 hover:underline dark:hover:text-brand-300">
                    <Highlighted text={hit.titleHighlight} />
                  </Link>
                </h2>
                {hit.snippet && (
                  <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                    <Highlighted text={hit.snippet} />
                  </p>
                )}
                <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500 dark:text-slate-400">
                  <CategoryChip category={hit.category} />
                  <UserName username={hit.author.username} badge={hit.author.primaryBadge} className="hover:underline" />
                  <time dateTime={hit.createdAt}>{formatDateTime(hit.createdAt, locale)}</time>
                  <span>{m.threads_replies({ count: formatNumber(hit.replyCount, locale) })}</span>
                </div>
              </article>
            </li>
          ))}
        </ol>
      )}
      {results && <CursorPager nextCursor={results.nextCursor} moreLabel={m.threads_loadMore} firstLabel={m.threads_backToStart} />}
    </div>
  );
}
