import { Link } from "@remix-run/react";
import { safeColor } from "~/lib/format.ts";

/** A member's name, linking to their profile, with their primary badge beside it. */
export function UserName({
  username,
  badge,
  className = "font-medium text-slate-800 hover:underline dark:text-slate-200",
}: {
  username: string;
  badge: { name: string; color: string } | null;
  className?: string;
}) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <Link to={`/u/${encodeURIComponent(username)}`} className={className}>
        {username}
      </Link>
      {badge && <BadgeChip badge={badge} />}
    </span>
  );
}

/** The badge's colour marks its border and dot; the text stays dark/light, readable on any badge colour. */
export function BadgeChip({ badge }: { badge: { name: string; color: string } }) {
  const color = safeColor(badge.color);
  return (
    <span
      data-testid="primary-badge"
      className="inline-flex items-center gap-1 rounded-full border px-1.5 py-px text-[0.7rem] font-semibold leading-4 text-slate-800 dark:text-slate-100"
      style={{ borderColor: color }}
    >
      <span aria-hidden="true" className="h-1.5 w-1.5 shrink-0 rounded-full" style={{ backgroundColor: color }} />
      {badge.name}
    </span>
  );
}
