import { Link, useSearchParams } from "@remix-run/react";
import { type Message } from "~/lib/locale.ts";

const linkClass =
  "inline-flex items-center rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800";

/**
 * Plain links through a cursor-paginated list (`?cursor=`), so paging works without
 * JavaScript; other search parameters (such as the sort) are kept.
 */
export function CursorPager({
  nextCursor,
  moreLabel,
  firstLabel,
}: {
  nextCursor: string | null;
  moreLabel: Message;
  firstLabel: Message;
}) {
  const [searchParams] = useSearchParams();
  const onFirstPage = !searchParams.has("cursor");
  if (!nextCursor && onFirstPage) return null;

  const withCursor = (cursor: string | null) => {
    const params = new URLSearchParams(searchParams);
    if (cursor) params.set("cursor", cursor);
    else params.delete("cursor");
    const search = params.toString();
    return search ? `?${search}` : ".";
  };

  return (
    <nav className="mt-6 flex flex-wrap gap-3">
      {nextCursor && (
        <Link to={withCursor(nextCursor)} className={linkClass}>
          {moreLabel()}
        </Link>
      )}
      {!onFirstPage && (
        <Link to={withCursor(null)} className={linkClass}>
          {firstLabel()}
        </Link>
      )}
    </nav>
  );
}
