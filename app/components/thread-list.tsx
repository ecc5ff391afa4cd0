import { Link } from "@remix-run/react";
import { formatDateTime, formatNumber, safeColor } from "~/lib/format.ts";
import { useLocale, useT } from "~/lib/i18n.ts";
import type { Loaded, RouterOutputs } from "~/lib/trpc.tsx";
import { CursorPager } from "./cursor-pager.tsx";

type ThreadPage = Loaded<RouterOutputs["thread"]["list"]>;
type ThreadItem = ThreadPage["items"][number];

/** The canonical address of a thread page. */
export function threadPath(thread: { id: number; slug: string }): string {
  return `/t/${thread.id}/${encodeURIComponent(thread.slug)}`;
}

export function CategoryChip({ category }: { category: { slug: string; name: string; color: string } }) {
  return (
    <Link
      to={`/c/${category.slug}`}
      className="inline-flex items-center gap-1.5 rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-200 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700"
    >
      <span aria-hidden="true" className="h-2 w-2 rounded-full" style={{ backgroundColor: safeColor(category.color) }} />
      {category.name}
    </Link>
  );
}

function ThreadRow({ thread, showCategory }: { thread: ThreadItem; showCategory: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <li className="px-4 py-4 sm:px-5">
      <article>
        <h3 className="text-base font-semibold leading-snug text-slate-900 dark:text-white">
          <Link to={threadPath(thread)} className="hover:text-brand-700 hover:underline dark:hover:text-brand-300">
            {thread.title}
          </Link>
        </h3>
        {thread.summary && (
          <p className="mt-1 line-clamp-2 text-sm text-slate-600 dark:text-slate-400">{thread.summary}</p>
        )}
        <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500 dark:text-slate-400">
          {showCategory && <CategoryChip category={thread.category} />}
          <span>{t("threads.by", { username: thread.author.username })}</span>
          <time dateTime={thread.createdAt}>{formatDateTime(thread.createdAt, locale)}</time>
          <span>{t("threads.replies", { count: formatNumber(thread.replyCount, locale) })}</span>
          {thread.lastActivityAt !== thread.createdAt && (
            <span>
              {t("threads.lastActivity", { date: formatDateTime(thread.lastActivityAt, locale) })}
            </span>
          )}
        </div>
      </article>
    </li>
  );
}

/** A page of threads with its pager, or a friendly empty state. */
export function ThreadList({ page, showCategory = true }: { page: ThreadPage; showCategory?: boolean }) {
  const t = useT();
  return (
    <>
      {page.items.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center dark:border-slate-700 dark:bg-slate-900">
          <p className="font-medium text-slate-800 dark:text-slate-100">{t("threads.empty")}</p>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("threads.emptyHint")}</p>
        </div>
      ) : (
        <ul className="divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {page.items.map((thread) => (
            <ThreadRow key={thread.id} thread={thread} showCategory={showCategory} />
          ))}
        </ul>
      )}
      <CursorPager nextCursor={page.nextCursor} moreLabel="threads.loadMore" firstLabel="threads.backToStart" />
    </>
  );
}
