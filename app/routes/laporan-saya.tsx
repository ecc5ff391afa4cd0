import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { linkClass } from "~/components/form-fields.tsx";
import { ReportStatusLabel, ReportTargetLink } from "~/components/moderation-labels.tsx";
import { formatDateTime } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { pickMessage, useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export const meta: MetaFunction = () => [{ title: `${m.mod_myReportsTitle()} · ${m.site_name()}` }];

/** The member's own reports with the moderators' outcome; visitors sign in first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (!(await context.trpc.auth.me())) {
    throw redirect(`/masuk?${new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` })}`);
  }
  const reports = await orErrorResponse(context.trpc.moderation.myReports({ cursor: url.searchParams.get("cursor") ?? undefined, limit: 20 }));
  return json({ reports });
}

export default function MyReports() {
  const locale = useLocale();
  const { reports } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl dark:text-white">{m.mod_myReportsTitle()}</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400">{m.mod_myReportsIntro()}</p>
        <Link to="/pengaturan/peringatan" className={`${linkClass} mt-1 inline-block text-sm`}>
          {m.mod_warningsTitle()}
        </Link>
      </div>
      {reports.items.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 p-6 text-center text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {m.mod_myReportsEmpty()}
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {reports.items.map((report) => (
            <li key={report.id} className="space-y-1 p-4" data-testid="my-report">
              <div className="flex flex-wrap items-center gap-2">
                <ReportStatusLabel status={report.status} />
                <span className="text-sm text-slate-600 dark:text-slate-400">{pickMessage({ spam: m.mod_reason_spam, abuse: m.mod_reason_abuse, off_topic: m.mod_reason_off_topic, illegal: m.mod_reason_illegal, other: m.mod_reason_other }, report.reason)()}</span>
              </div>
              <p className="break-words">
                <ReportTargetLink targetType={report.targetType} target={report.target} />
              </p>
              {report.details && <p className="whitespace-pre-line break-words text-sm text-slate-700 dark:text-slate-300">{report.details}</p>}
              {report.resolution && (
                <p className="rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-800 dark:bg-slate-800 dark:text-slate-200" data-testid="report-outcome">
                  {m.mod_outcome({ note: report.resolution })}
                </p>
              )}
              <p className="text-xs text-slate-500 dark:text-slate-400">
                <time dateTime={report.createdAt}>{m.mod_reportedOn({ date: formatDateTime(report.createdAt, locale) })}</time>
              </p>
            </li>
          ))}
        </ul>
      )}
      <CursorPager nextCursor={reports.nextCursor} moreLabel={m.mod_more} firstLabel={m.mod_first} />
    </div>
  );
}
