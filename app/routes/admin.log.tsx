import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { FormAlert, inputClass, linkClass, primaryButtonClass } from "~/components/form-fields.tsx";
import { adminCall } from "~/lib/admin.server.ts";
import { formatDateTime } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";

export const meta: MetaFunction = () => [
  { title: `${m.admin_log_title()} · ${m.site_name()}` },
  { name: "robots", content: "noindex, nofollow" },
];

const FILTERS = ["adminId", "actionPrefix", "targetType", "targetId"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const filter = Object.fromEntries(FILTERS.map((name) => [name, params.get(name)?.trim() || undefined]));
  const admins = await adminCall(request, context.trpc.admin.log.admins());
  try {
    const { items, nextCursor } = await adminCall(
      request,
      context.trpc.admin.log.list({
        ...filter,
        adminId: filter.adminId ? Number(filter.adminId) : undefined,
        cursor: params.get("cursor") ?? undefined,
      }),
    );
    const entries = items.map(({ before, after, ...item }) => ({ ...item, changes: changeOf(before as Json, after as Json) }));
    return json({ admins, entries, nextCursor, filter, error: null as string | null });
  } catch (error) {
    // A filter that is no action name or id: the form says so instead of an error page.
    if (!(error instanceof Response && error.status === 400)) throw error;
    return json({ admins, entries: [], nextCursor: null, filter, error: await error.text() }, { status: 400 });
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** before → after, only the fields that changed when both sides are objects. */
function changeOf(before: Json, after: Json): { field: string | null; before: string; after: string }[] {
  const text = (value: Json | undefined) => (value === undefined || value === null ? "—" : JSON.stringify(value));
  const isObject = (value: Json): value is { [key: string]: Json } => typeof value === "object" && value !== null && !Array.isArray(value);
  if (isObject(before) && isObject(after)) {
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return fields
      .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
      .map((field) => ({ field, before: text(before[field]), after: text(after[field]) }));
  }
  if (before === null && after === null) return [];
  return [{ field: null, before: text(before), after: text(after) }];
}

export default function StaffLogPage() {
  const locale = useLocale();
  const navigation = useNavigation();
  const { admins, entries, nextCursor, filter, error } = useLoaderData<typeof loader>();
  const filtered = FILTERS.some((name) => filter[name]);
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{m.admin_log_title()}</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">{m.admin_log_intro()}</p>
      <Form method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5 lg:items-end">
        <label className="block space-y-1 text-sm font-medium text-slate-800 dark:text-slate-200">
          <span>{m.admin_log_filterAdmin()}</span>
          <select name="adminId" defaultValue={filter.adminId ?? ""} className={inputClass}>
            <option value="">{m.admin_log_anyAdmin()}</option>
            {admins.map((admin) => (
              <option key={admin.id} value={admin.id}>
                {admin.username} ({admin.email})
              </option>
            ))}
          </select>
        </label>
        <label className="block space-y-1 text-sm font-medium text-slate-800 dark:text-slate-200">
          <span>{m.admin_log_filterAction()}</span>
          <input name="actionPrefix" defaultValue={filter.actionPrefix ?? ""} placeholder="report." maxLength={64} className={inputClass} />
        </label>
        <label className="block space-y-1 text-sm font-medium text-slate-800 dark:text-slate-200">
          <span>{m.admin_log_filterTargetType()}</span>
          <input name="targetType" defaultValue={filter.targetType ?? ""} placeholder="user" maxLength={32} className={inputClass} />
        </label>
        <label className="block space-y-1 text-sm font-medium text-slate-800 dark:text-slate-200">
          <span>{m.admin_log_filterTargetId()}</span>
          <input name="targetId" defaultValue={filter.targetId ?? ""} maxLength={64} className={inputClass} />
        </label>
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className={primaryButtonClass} disabled={navigation.state === "loading"}>
            {m.admin_log_apply()}
          </button>
          {filtered && (
            <Link to="/admin/log" className={`${linkClass} text-sm`}>
              {m.admin_log_reset()}
            </Link>
          )}
        </div>
      </Form>
      {error && <FormAlert>{error}</FormAlert>}
      {entries.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {(filtered ? m.admin_log_emptyFiltered : m.admin_log_empty)()}
        </p>
      ) : (
        <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900" data-testid="staff-log">
          {entries.map((item) => (
            <li key={item.id} className="space-y-1 p-3 text-sm" data-testid="staff-action">
              <p className="flex flex-wrap items-baseline gap-x-2">
                <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs font-semibold text-slate-900 dark:bg-slate-800 dark:text-white">{item.action}</code>
                <span className="text-slate-700 dark:text-slate-300">
                  {m.admin_log_target()}: {item.targetType} <span className="font-mono">{item.targetId}</span>
                </span>
              </p>
              <p className="text-slate-600 dark:text-slate-400">
                {item.admin.username} · <time dateTime={item.createdAt}>{formatDateTime(item.createdAt, locale)}</time>
              </p>
              {item.changes.map((change) => (
                <p key={change.field ?? "value"} className="break-all font-mono text-xs text-slate-700 dark:text-slate-300">
                  {change.field && <span className="font-semibold">{change.field}: </span>}
                  <span className="text-red-700 dark:text-red-300">{change.before}</span> → <span className="text-emerald-700 dark:text-emerald-300">{change.after}</span>
                </p>
              ))}
              {item.note && (
                <p className="text-slate-700 dark:text-slate-300">
                  {m.admin_log_note()}: {item.note}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      <CursorPager nextCursor={nextCursor} moreLabel={m.threads_loadMore} firstLabel={m.threads_backToStart} />
    </section>
  );
}
