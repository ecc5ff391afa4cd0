import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { lazy, Suspense, useEffect, useState } from "react";
import { AdminPage, AdminTable, cellClass } from "~/components/admin-page.tsx";
import { formatNumber } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { type Message, useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export const meta: MetaFunction = () => [{ title: `${m.manage_dashboard_title()} · Admin` }];

// Its own chunk, fetched by the browser on this page only.
const DashboardCharts = lazy(() => import("~/components/dashboard-charts.tsx"));

export async function loader({ context }: LoaderFunctionArgs) {
  return json({ dashboard: await orErrorResponse(context.trpc.admin.dashboard()) });
}

const FIGURES: { key: "signups" | "threads" | "replies" | "reports" | "payments" | "paymentRupiah" | "tokensSpent"; label: Message; color: string }[] = [
  { key: "signups", label: m.manage_dashboard_signups, color: "#2563eb" },
  { key: "threads", label: m.manage_dashboard_threads, color: "#7c3aed" },
  { key: "replies", label: m.manage_dashboard_replies, color: "#0891b2" },
  { key: "reports", label: m.manage_dashboard_reports, color: "#dc2626" },
  { key: "payments", label: m.manage_dashboard_payments, color: "#16a34a" },
  { key: "paymentRupiah", label: m.manage_dashboard_paymentRupiah, color: "#ca8a04" },
  { key: "tokensSpent", label: m.manage_dashboard_tokensSpent, color: "#db2777" },
];

export default function AdminDashboard() {
  const locale = useLocale();
  const { dashboard } = useLoaderData<typeof loader>();
  // Charts draw in the browser only (they measure their box); the table below carries the same numbers.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <AdminPage title={m.manage_dashboard_title()} intro={m.manage_dashboard_intro()}>
      <section aria-labelledby="hari-ini">
        <h2 id="hari-ini" className="mb-2 text-lg font-semibold text-slate-900 dark:text-white">
          {m.manage_dashboard_today()}
        </h2>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <div className="rounded-xl border border-red-200 bg-red-50 p-3 dark:border-red-900 dark:bg-red-950/40">
            <dt className="text-xs text-slate-600 dark:text-slate-400">{m.manage_dashboard_openReports()}</dt>
            <dd className="text-2xl font-bold text-slate-900 dark:text-white" data-testid="open-reports">
              {formatNumber(dashboard.openReports, locale)}
            </dd>
          </div>
          {FIGURES.map((figure) => (
            <div key={figure.key} className="rounded-xl border border-slate-200 p-3 dark:border-slate-800">
              <dt className="text-xs text-slate-600 dark:text-slate-400">{figure.label()}</dt>
              <dd className="text-2xl font-bold text-slate-900 dark:text-white">{formatNumber(dashboard.today[figure.key], locale)}</dd>
            </div>
          ))}
        </dl>
      </section>
      {mounted ? (
        <Suspense fallback={<p className="text-sm text-slate-600 dark:text-slate-400">{m.manage_dashboard_chartLoading()}</p>}>
          <DashboardCharts
            series={FIGURES.map((figure) => ({
              title: figure.label(),
              color: figure.color,
              points: dashboard.days.map((day) => ({ day: day.day, value: day[figure.key] })),
            }))}
          />
        </Suspense>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">{m.manage_dashboard_chartLoading()}</p>
      )}
      <details>
        <summary className="cursor-pointer text-sm font-medium text-brand-700 dark:text-brand-300">{m.manage_dashboard_table()}</summary>
        <div className="mt-3">
          <AdminTable label={m.manage_dashboard_table()} head={[m.manage_dashboard_day(), ...FIGURES.map((figure) => figure.label())]}>
            {[...dashboard.days].reverse().map((day) => (
              <tr key={day.day}>
                <th scope="row" className={`${cellClass} font-medium`}>
                  {day.day}
                </th>
                {FIGURES.map((figure) => (
                  <td key={figure.key} className={cellClass}>
                    {formatNumber(day[figure.key], locale)}
                  </td>
                ))}
              </tr>
            ))}
          </AdminTable>
        </div>
      </details>
    </AdminPage>
  );
}
