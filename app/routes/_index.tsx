import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CategoryGrid } from "~/components/category-grid.tsx";
import { NewThreadLink, SortTabs, sortFromSearch, ThreadList } from "~/components/thread-list.tsx";
import * as m from "../../shared/paraglide/messages/_index.js";
import { orErrorResponse } from "~/lib/loader.server.ts";
import { canonicalLink, feedLinks, originOf } from "~/lib/seo.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const search = new URL(request.url).searchParams;
  const sort = sortFromSearch(search);
  const cursor = search.get("cursor") ?? undefined;
  const [categories, threads] = await orErrorResponse(
    Promise.all([context.trpc.category.list(), context.trpc.thread.list({ sort, cursor })]),
  );
  return json({ categories, threads, sort });
}

/** The root's title and description, with the canonical address and the newest threads' feeds. */
export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const origin = originOf(matches);
  return [
    { title: m.home_title() },
    { name: "description", content: m.site_tagline() },
    ...(origin ? [canonicalLink(origin, "/"), ...feedLinks(origin, m.feed_newest())] : []),
  ];
};

export default function Home() {
  const { categories, threads, sort } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-10">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl dark:text-white">{m.site_name()}</h1>
          <p className="mt-1 text-slate-600 dark:text-slate-400">{m.site_tagline()}</p>
        </div>
        <NewThreadLink />
      </header>
      <section id="kategori" aria-labelledby="kategori-judul" className="scroll-mt-20">
        <h2 id="kategori-judul" className="mb-4 text-lg font-semibold text-slate-900 dark:text-white">
          {m.home_categories()}
        </h2>
        <CategoryGrid categories={categories} />
      </section>
      <section aria-labelledby="terbaru-judul">
        <h2 id="terbaru-judul" className="mb-4 text-lg font-semibold text-slate-900 dark:text-white">
          {(sort === "active" ? m.home_activeThreads : m.home_newestThreads)()}
        </h2>
        <div className="mb-4">
          <SortTabs sort={sort} />
        </div>
        <ThreadList page={threads} />
      </section>
    </div>
  );
}
