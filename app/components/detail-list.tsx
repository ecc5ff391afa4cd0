import { type Message } from "~/lib/locale.ts";

/** Labelled facts of one record (a receipt, an order): a definition list, two columns from `sm` up. */
export function DetailList({ rows }: { rows: [Message, string][] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
      {rows.map(([label, value], index) => (
        // A fixed list: its order is its identity.
        <div key={index} className="contents">
          <dt className="font-medium text-slate-600 dark:text-slate-400">{label()}</dt>
          <dd className="break-all text-slate-900 dark:text-white">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
