import { Link } from "@remix-run/react";
import { formatDateTime, formatNumber, safeColor } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { type Message, useLocale } from "~/lib/locale.ts";
import type { Loaded, RouterOutputs } from "~/lib/trpc.tsx";
import { CursorPager } from "./cursor-pager.tsx";
import { UserName } from "./user-name.tsx";

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

function ThreadRow({ thread, showCategory, headingLevel }: { thread: ThreadItem; showCategory: boolean; headingLevel: 2 | 3 }) {
  const locale = useLocale();
  const Heading = `h${headingLevel}` as const;
  return (
    <li className="px-4 py-4 sm:px-5">
      <article>
        <Heading className="text-base font-semibold leading-snug text-slate-900 dark:text-white">
          <Link to={threadPath(thread)} className="hover:text-brand-700 hover:underline dark:hover:text-brand-300">
            {thread.title}
          </Link>
        </Heading>
        {thread.summary && (
          <p className="mt-1 line-clamp-2 text-sm text-slate-600 dark:text-slate-400">{thread.summary}</p>
        )}
        <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500 dark:text-slate-400">
          {showCategory && <CategoryChip category={thread.category} />}
          <UserName username={thread.author.username} badge={thread.author.primaryBadge} className="hover:underline" />
          <time dateTime={thread.createdAt}>{formatDateTime(thread.createdAt, locale)}</time>
          <span>{m.threads_replies({ count: formatNumber(thread.replyCount, locale) })}</span>
          {thread.lastActivityAt !== thread.createdAt && (
            <span>
              {m.threads_lastActivity({ date: formatDateTime(thread.lastActivityAt, locale) })}
            </span>
          )}
        </div>
      </article>
    </li>
  );
}

const SORTS = [
  { value: "newest", label: m.category_sortNewest },
  { value: "active", label: m.category_sortActive },
] as const satisfies readonly { value: string; label: Message }[];
export type ThreadSort = (typeof SORTS)[number]["value"];

/** The list order a page asks for with `?sort=`: newest unless "active". */
export function sortFromSearch(search: URLSearchParams): ThreadSort {
  return search.get("sort") === "active" ? "active" : "newest";
}

/** Newest / most active tabs above a thread list; plain links, so they work without JavaScript. */
export function SortTabs({ sort }: { sort: ThreadSort }) {
  return (
    <nav aria-label={m.category_sortLabel()} className="flex gap-1 border-b border-slate-200 dark:border-slate-800">
      {SORTS.map((option) => {
        const current = option.value === sort;
        return (
          <Link
            key={option.value}
            to={`?sort=${option.value}`}
            aria-current={current ? "page" : undefined}
            preventScrollReset
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
              current
                ? "border-brand-600 text-brand-700 dark:border-brand-400 dark:text-brand-300"
                : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"
            }`}
          >
            {option.label()}
          </Link>
        );
      })}
    </nav>
  );
}

/** The call to write a thread (signed-out visitors are sent to sign in by the editor page). */
export function NewThreadLink({ categorySlug }: { categorySlug?: string }) {
  return (
    <Link
      to={categorySlug ? `/tulis?kategori=${encodeURIComponent(categorySlug)}` : "/tulis"}
      className="inline-flex items-center rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:ring-offset-2"
    >
      {m.nav_newThread()}
    </Link>
  );
}

/**
 * A page of threads with its pager, or a friendly empty state. Each title is a heading one level
 * below the list's own: h3 under a section's h2, h2 where the list is the page's content (no
 * level skipped, for navigation by headings).
 */
export function ThreadList({
  page,
  showCategory = true,
  headingLevel = 3,
}: {
  page: ThreadPage;
  showCategory?: boolean;
  headingLevel?: 2 | 3;
}) {
  return (
    <>
      {page.items.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center dark:border-slate-700 dark:bg-slate-900">
          <p className="font-medium text-slate-800 dark:text-slate-100">{m.threads_empty()}</p>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{m.threads_emptyHint()}</p>
        </div>
      ) : (
        <ul className="divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {page.items.map((thread) => (
            <ThreadRow key={thread.id} thread={thread} showCategory={showCategory} headingLevel={headingLevel} />
          ))}
        </ul>
      )}
      <CursorPager nextCursor={page.nextCursor} moreLabel={m.threads_loadMore} firstLabel={m.threads_backToStart} />
    </>
  );
}
