import { NavLink, useRouteLoaderData } from "@remix-run/react";
import { Bell } from "lucide-react";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLiveUnread } from "~/lib/live.ts";

/** The server counts unread notifications up to this (notification/service.ts MAX_UNREAD_COUNTED). */
const MAX_COUNTED = 999;

/**
 * The header's link to /notifikasi with the unread count. `unread` is the root loader's
 * (null when the count could not be read: the link shows without a number).
 */
export function NotificationBell({ unread }: { unread: number | null }) {
  const count = unread ?? 0;
  const spoken = count >= MAX_COUNTED ? `${MAX_COUNTED}+` : String(count);
  const label = count > 0 ? m.notif_bellUnread({ count: spoken }) : m.notif_bell();
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
      <Bell aria-hidden="true" className="h-5 w-5" />
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

/** The bell for a signed-in member: the root loader's count, then the live one; nothing for visitors. */
export function HeaderNotificationBell() {
  const data = useRouteLoaderData<{ user: unknown; unread: number | null }>("root");
  // Visitors have no `me` channel: the live stream would refuse them.
  if (!data?.user) return null;
  return <LiveNotificationBell initial={data.unread} />;
}

function LiveNotificationBell({ initial }: { initial: number | null }) {
  const live = useLiveUnread(initial ?? 0);
  // Until an event arrives, an unknown count stays unknown rather than a made-up 0.
  return <NotificationBell unread={initial === null && live === 0 ? null : live} />;
}
