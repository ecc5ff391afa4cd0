import type { ReactNode } from "react";
import * as m from "../../shared/paraglide/messages/_index.js";

/** Shared look of the admin area's list pages: a title, a line of context, then the content. */
export function AdminPage({ title, intro, children }: { title: string; intro?: string; children: ReactNode }) {
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 [overflow-wrap:anywhere] dark:text-white">{title}</h1>
        {intro && <p className="text-sm text-slate-600 dark:text-slate-400">{intro}</p>}
      </header>
      {children}
    </div>
  );
}

/** A wide table that scrolls sideways on a narrow screen instead of squeezing its columns. */
export function AdminTable({ head, children, label }: { head: string[]; children: ReactNode; label: string }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 dark:border-slate-800">
      <table className="min-w-full text-left text-sm" aria-label={label}>
        <thead className="bg-slate-50 text-slate-700 dark:bg-slate-900 dark:text-slate-300">
          <tr>
            {head.map((heading) => (
              <th key={heading} scope="col" className="whitespace-nowrap px-3 py-2 font-semibold">
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 text-slate-800 dark:divide-slate-800 dark:text-slate-200">{children}</tbody>
      </table>
    </div>
  );
}

export const cellClass = "whitespace-nowrap px-3 py-2";

/** The empty state of a list. */
export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="rounded-xl border border-dashed border-slate-300 p-6 text-center text-slate-600 dark:border-slate-700 dark:text-slate-400">{children}</p>;
}

export const selectClass =
  "rounded-lg border border-slate-300 bg-white px-3 py-2 text-slate-900 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500 dark:border-slate-700 dark:bg-slate-900 dark:text-white";

/** The ledger check of one wallet, in words and colour. */
export function LedgerCheck({ matches, pending }: { matches: boolean; pending: number }) {
  return (
    <span className={matches ? "text-emerald-700 dark:text-emerald-300" : "font-semibold text-red-700 dark:text-red-300"}>
      {(matches ? m.manage_wallets_matches : m.manage_wallets_mismatch)()}
      {pending > 0 && ` · ${m.manage_wallets_pending({ count: pending })}`}
    </span>
  );
}
