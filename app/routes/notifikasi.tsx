import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useMutation } from "@tanstack/react-query";
import type { MouseEvent } from "react";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { FailureAlert, failureOf, FormAlert, linkClass, secondaryButtonClass } from "~/components/form-fields.tsx";
import { formatDateTime, formatNumber, formatRelative } from "~/lib/format.ts";
import { submitForm } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { type Locale, useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";
import { useTRPC, withApi, type Loaded, type RouterOutputs } from "~/lib/trpc.tsx";
import { requireMember } from "~/lib/viewer.server.ts";

type Item = Loaded<RouterOutputs["notification"]["list"]["items"][number]>;

// A route's meta replaces the root's: the site's description again (Lighthouse's SEO audit wants one).
export const meta: MetaFunction = () => [
  { title: `${m.notif_title()} · ${m.site_name()}` },
  { name: "description", content: m.site_tagline() },
];

/** The member's notifications, newest first; visitors sign in first and come back. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireMember(context.trpc, request);
  const cursor = new URL(request.url).searchParams.get("cursor") ?? undefined;
  const page = await orErrorResponse(context.trpc.notification.list({ cursor, limit: 20 }));
  // Relative times are counted from the server's clock, so the browser prints the same text.
  return json({ page, now: new Date().toISOString() });
}

/** "Mark all as read" (a form: it works before JavaScript; the loaders then show the new count). */
export async function action({ request, context }: ActionFunctionArgs) {
  await requireMember(context.trpc, request);
  const result = await submitForm(context.trpc.notification.markAllRead());
  return result.ok ? json({ markedAll: true as const }) : result.response;
}

/** What a notification says, from its type and detail (the server's digest words it the same). */
function describeNotification(item: Item, locale: Locale): string {
  const who = item.actor?.username ?? m.notif_someone();
  const title = item.thread ? `"${item.thread.title}"` : m.notif_aThread();
  const { detail } = item;
  const amount = () => formatNumber(Number(detail.amount ?? 0), locale);
  switch (item.type) {
    case "reply":
      if (detail.to === "reply") return m.notif_reply_toReply({ who, title });
      if (detail.to === "thread") return m.notif_reply_toThread({ who, title });
      return m.notif_reply_watching({ who, title });
    case "mention":
      return m.notif_mention({ who, title });
    case "reaction":
      return item.othersCount > 0
        ? m.notif_reactionGroup({ who, count: formatNumber(item.othersCount, locale), title })
        : m.notif_reaction({ who, title });
    case "badge":
      return m.notif_badge({ badge: String(detail.badge ?? "") });
    case "warning":
      return (detail.severity === "final" ? m.notif_warningFinal : m.notif_warning)();
    case "report":
      return (detail.outcome === "resolved" ? m.notif_reportResolved : m.notif_reportDismissed)();
    case "payment":
      return detail.kind === "package"
        ? m.notif_paymentPackage({ amount: amount(), tokens: formatNumber(Number(detail.tokens ?? 0), locale) })
        : m.notif_paymentTopUp({ amount: amount() });
    case "low_balance":
      return m.notif_lowBalance({ balance: formatNumber(Number(detail.balance ?? 0), locale) });
  }
}

/**
 * One notification, a link to what it is about. Opening it marks it read first; the page then
 * loads in full, so the browser scrolls to (and :target highlights) a reply's anchor. A click
 * that opens another tab marks it read without waiting. Before JavaScript it is a plain link.
 */
function NotificationLink({ item, now }: { item: Item; now: string }) {
  const locale = useLocale();
  const trpc = useTRPC();
  const markRead = useMutation(trpc.notification.markRead.mutationOptions());
  const unread = item.readAt === null;
  const open = async (event: MouseEvent<HTMLAnchorElement>) => {
    if (!unread) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      markRead.mutate({ id: item.id });
      return;
    }
    event.preventDefault();
    // A failure to mark it read must not keep the member from what they came for.
    await markRead.mutateAsync({ id: item.id }).catch(() => {});
    window.location.assign(item.url);
  };
  return (
    <a
      href={item.url}
      onClick={open}
      aria-busy={markRead.isPending || undefined}
      className={`block rounded-lg px-4 py-3 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${
        unread ? "bg-brand-50 hover:bg-brand-100 dark:bg-brand-500/10 dark:hover:bg-brand-500/20" : "hover:bg-slate-50 dark:hover:bg-slate-800"
      }`}
      data-testid="notification"
      data-unread={unread || undefined}
    >
      <span className="flex items-start gap-2">
        {unread && (
          <span className="mt-2 h-2 w-2 shrink-0 rounded-full bg-brand-600" role="img" aria-label={m.notif_unread()} />
        )}
        <span className="min-w-0 flex-1">
          <span className={`block break-words ${unread ? "font-semibold text-slate-900 dark:text-white" : "text-slate-800 dark:text-slate-200"}`}>
            {describeNotification(item, locale)}
          </span>
          {item.excerpt && <span className="mt-0.5 block truncate text-sm text-slate-600 dark:text-slate-400">{item.excerpt}</span>}
          <time dateTime={item.updatedAt} title={formatDateTime(item.updatedAt, locale)} className="mt-0.5 block text-xs text-slate-600 dark:text-slate-400">
            {formatRelative(item.updatedAt, now, locale)}
          </time>
        </span>
      </span>
    </a>
  );
}

function NotificationsPage() {
  const { page, now } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const navigation = useNavigation();
  const anyUnread = page.items.some((item) => item.readAt === null);
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl dark:text-white">{m.notif_title()}</h1>
          <p className="mt-1 text-slate-600 dark:text-slate-400">{m.notif_intro()}</p>
          <Link to="/pengaturan/notifikasi" className={`${linkClass} mt-1 inline-block text-sm`}>
            {m.notif_settingsLink()}
          </Link>
        </div>
        {anyUnread && (
          <Form method="post">
            <button type="submit" disabled={navigation.state === "submitting"} className={secondaryButtonClass}>
              {m.notif_markAll()}
            </button>
          </Form>
        )}
      </div>
      <FailureAlert failure={failureOf(outcome)} />
      {outcome && "markedAll" in outcome && <FormAlert tone="success">{m.notif_markedAll()}</FormAlert>}
      {page.items.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 p-6 text-center dark:border-slate-700">
          <p className="font-medium text-slate-800 dark:text-slate-200">{m.notif_empty()}</p>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{m.notif_emptyHint()}</p>
        </div>
      ) : (
        <ul aria-label={m.notif_title()} className="space-y-1 rounded-xl border border-slate-200 bg-white p-1 dark:border-slate-800 dark:bg-slate-900">
          {page.items.map((item) => (
            <li key={item.id}>
              <NotificationLink item={item} now={now} />
            </li>
          ))}
        </ul>
      )}
      <CursorPager nextCursor={page.nextCursor} moreLabel={m.notif_more} firstLabel={m.notif_first} />
    </div>
  );
}

export default withApi(NotificationsPage);
