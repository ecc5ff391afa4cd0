import {
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { inputClass, secondaryButtonClass } from "~/components/form-fields.tsx";
import {
  ReportStatusLabel,
  ReportTargetLink,
} from "~/components/moderation-labels.tsx";
import { formatDateTime, formatNumber } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { pickMessage, useLocale } from "~/lib/locale.ts";
import { adminCall } from "~/lib/admin.server.ts";

export const meta: MetaFunction = () => [
  {
    title: `${m.mod_queueTitle()} · ${m.site_name()}`,
  },
];

const STATUSES = ["pending", "resolved", "dismissed"] as const;
const TYPES = ["thread", "reply", "user"] as const;

const oneOf = <T extends string>(
  values: readonly T[],
  value: string | null
): T | undefined => values.find((candidate) => candidate === value);

/** The review queue (admins; anyone else gets the procedure's 403): oldest first, by status and type. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const status = oneOf(STATUSES, params.get("status")) ?? "pending";
  const targetType = oneOf(TYPES, params.get("type"));
  const queue = await adminCall(
    request,
    context.trpc.moderation.queue.list({
      status,
      targetType,
      cursor: params.get("cursor") ?? undefined,
      limit: 20,
    })
  );
  return json({ queue, status, targetType: targetType ?? "" });
}

export default function ReportQueue() {
  const locale = useLocale();
  const navigation = useNavigation();
  const { queue, status, targetType } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">
          {m.mod_queueTitle()}
        </h1>
        <p
          className="text-sm text-slate-600 dark:text-slate-400"
          data-testid="pending-count"
        >
          {m.mod_queuePending({
            count: formatNumber(queue.pendingCount, locale),
          })}
        </p>
      </div>
      <Form method="get" className="flex flex-wrap items-end gap-3">
        <div className="space-y-1">
          <label
            htmlFor="queue-status"
            className="block text-sm font-medium text-slate-800 dark:text-slate-200"
          >
            {m.mod_filterStatus()}
          </label>
          <select
            id="queue-status"
            name="status"
            defaultValue={status}
            className={inputClass}
          >
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {pickMessage({ pending: m.mod_status_pending, resolved: m.mod_status_resolved, dismissed: m.mod_status_dismissed }, value)()}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label
            htmlFor="queue-type"
            className="block text-sm font-medium text-slate-800 dark:text-slate-200"
          >
            {m.mod_filterType()}
          </label>
          <select
            id="queue-type"
            name="type"
            defaultValue={targetType}
            className={inputClass}
          >
            <option value="">{m.mod_type_all()}</option>
            {TYPES.map((value) => (
              <option key={value} value={value}>
                {pickMessage({ all: m.mod_type_all, thread: m.mod_type_thread, reply: m.mod_type_reply, user: m.mod_type_user }, value)()}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className={secondaryButtonClass}
          disabled={navigation.state === "loading"}
        >
          {m.mod_filterApply()}
        </button>
      </Form>
      {queue.items.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 p-6 text-center text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {m.mod_queueEmpty()}
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {queue.items.map((report) => (
            <li
              key={report.id}
              className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between"
              data-testid="queue-item"
            >
              <div className="min-w-0 space-y-1">
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <ReportStatusLabel status={report.status} />
                  <span className="font-medium text-slate-800 dark:text-slate-200">
                    {pickMessage({ spam: m.mod_reason_spam, abuse: m.mod_reason_abuse, off_topic: m.mod_reason_off_topic, illegal: m.mod_reason_illegal, other: m.mod_reason_other }, report.reason)()}
                  </span>
                  <span className="text-slate-500 dark:text-slate-400">
                    {pickMessage({ all: m.mod_type_all, thread: m.mod_type_thread, reply: m.mod_type_reply, user: m.mod_type_user }, report.targetType)()}
                  </span>
                </div>
                <p className="break-words">
                  <ReportTargetLink
                    targetType={report.targetType}
                    target={report.target}
                  />
                </p>
                <p className="text-xs text-slate-500 dark:text-slate-400">
                  {m.mod_reportedBy({
                    username: report.reporter?.username ?? "?",
                  })}{" "}
                  ·{" "}
                  <time dateTime={report.createdAt}>
                    {formatDateTime(report.createdAt, locale)}
                  </time>
                </p>
              </div>
              <Link
                to={`/admin/laporan/${report.id}`}
                className={secondaryButtonClass}
              >
                {m.mod_review()}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <CursorPager
        nextCursor={queue.nextCursor}
        moreLabel={m.mod_more}
        firstLabel={m.mod_first}
      />
    </div>
  );
}
