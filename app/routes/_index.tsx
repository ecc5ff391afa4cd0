import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CategoryGrid } from "~/components/category-grid.tsx";
import { ThreadList } from "~/components/thread-list.tsx";
import { useT } from "~/lib/i18n.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const cursor = new URL(request.url).searchParams.get("cursor") ?? undefined;
  const [categories, threads] = await orErrorResponse(
    Promise.all([context.trpc.category.list(), context.trpc.thread.list({ sort: "newest", cursor })]),
  );
  return json({ categories, threads });
}

export default function Home() {
  const { categories, threads } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="space-y-10">
      <header>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl dark:text-white">{t("site.name")}</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400">{t("site.tagline")}</p>
      </header>
      <section id="kategori" aria-labelledby="kategori-judul" className="scroll-mt-20">
        <h2 id="kategori-judul" className="mb-4 text-lg font-semibold text-slate-900 dark:text-white">
          {t("home.categories")}
        </h2>
        <CategoryGrid categories={categories} />
      </section>
      <section aria-labelledby="terbaru-judul">
        <h2 id="terbaru-judul" className="mb-4 text-lg font-semibold text-slate-900 dark:text-white">
          {t("home.newestThreads")}
        </h2>
        <ThreadList page={threads} />
      </section>
    </div>
  );
}
