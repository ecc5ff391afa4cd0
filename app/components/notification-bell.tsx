import { NavLink, useRouteLoaderData } from "@remix-run/react";
import { useT } from "~/lib/i18n.ts";

/** The server counts unread notifications up to this (notification/service.ts MAX_UNREAD_COUNTED). */
const MAX_COUNTED = 999;

/**
 * The header's link to /notifikasi with the unread count. `unread` is the root loader's
 * (null when the count could not be read: the link shows without a number).
 */
export function NotificationBell({ unread }: { unread: number | null }) {
  const t = useT();
  const count = unread ?? 0;
  const spoken = count >= MAX_COUNTED ? `${MAX_COUNTED}+` : String(count);
  const label = count > 0 ? t("notif.bellUnread", { count: spoken }) : t("notif.bell");
  return (
    <NavLink
      to="/notifikasi"
      aria-label={label}
      title={label}
      data-testid="notification-bell"
      className={({ isActive }) =>
        `relative rounded-md p-2 ${
          isActive
            ? "bg-brand-50 text-brand-700 dark:bg-brand-500/15 dark:text-brand-200"
            : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"
        }`
      }
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
        <path d="M13.7 21a2 2 0 0 1-3.4 0" />
      </svg>
      {count > 0 && (
        <span
          aria-hidden="true"
          className="absolute -right-0.5 -top-0.5 min-w-[1.25rem] rounded-full bg-red-600 px-1 text-center text-[0.7rem] font-semibold leading-5 text-white"
        >
          {count > 99 ? "99+" : count}
        </span>
      )}
    </NavLink>
  );
}

/** The bell for a signed-in member, with the count the root loader read; nothing for visitors. */
export function HeaderNotificationBell() {
  const data = useRouteLoaderData<{ user: unknown; unread: number | null }>("root");
  if (!data?.user) return null;
  return <NotificationBell unread={data.unread} />;
}
