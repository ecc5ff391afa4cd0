import { formatNumber } from "~/lib/format.ts";
import { useLocale, useT } from "~/lib/i18n.ts";
import type { Loaded, RouterOutputs } from "~/lib/trpc.tsx";

type ReactionSummary = Loaded<RouterOutputs["reaction"]["summary"]>;
type ReactionType = keyof ReactionSummary["counts"];

const EMOJI: Record<ReactionType, string> = { like: "👍", love: "❤️", fire: "🔥", sad: "😢", laugh: "😂" };
const TYPES = Object.keys(EMOJI) as ReactionType[];

/** Counts per reaction type. Read-only until sign-in exists: the buttons show, they do not act. */
export function ReactionBar({ summary }: { summary: ReactionSummary }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-label={t("thread.reactions")} className="flex flex-wrap gap-2">
      {TYPES.map((type) => {
        const label = `${t(`reaction.${type}`)}: ${formatNumber(summary.counts[type], locale)}`;
        const mine = summary.mine === type;
        return (
          <button
            key={type}
            type="button"
            aria-disabled="true"
            aria-pressed={mine}
            aria-label={label}
            title={t("thread.reactionsHint")}
            className={`inline-flex cursor-default items-center gap-1.5 rounded-full border px-3 py-1 text-sm ${
              mine
                ? "border-brand-400 bg-brand-50 text-brand-800 dark:border-brand-400 dark:bg-brand-500/15 dark:text-brand-100"
                : "border-slate-200 bg-white text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200"
            }`}
          >
            <span aria-hidden="true">{EMOJI[type]}</span>
            <span aria-hidden="true" className="tabular-nums">
              {formatNumber(summary.counts[type], locale)}
            </span>
          </button>
        );
      })}
    </section>
  );
}
