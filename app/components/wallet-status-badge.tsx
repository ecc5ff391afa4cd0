const TONES: Record<string, string> = {
  success: "bg-emerald-100 text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-200",
  applied: "bg-emerald-100 text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-200",
  pending: "bg-amber-100 text-amber-800 dark:bg-amber-500/15 dark:text-amber-200",
  failed: "bg-red-100 text-red-800 dark:bg-red-500/15 dark:text-red-200",
  cancelled: "bg-red-100 text-red-800 dark:bg-red-500/15 dark:text-red-200",
  expired: "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200",
};

/** A payment's or ledger entry's status as a coloured label; the colour only repeats the text. */
export function WalletStatusBadge({ status, label }: { status: string; label: string }) {
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${TONES[status] ?? TONES.expired}`} data-status={status}>
      {label}
    </span>
  );
}
