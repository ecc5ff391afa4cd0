import { Link, useLocation } from "@remix-run/react";
import { Flame, Frown, Heart, Laugh, ThumbsUp, type LucideIcon } from "lucide-react";
import { useState } from "react";
import { api, useAction } from "~/lib/api.ts";
import { formatNumber } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { pickMessage, useLocale } from "~/lib/locale.ts";
import { withRedirect } from "~/lib/redirect-path.ts";
import { useLiveChannel } from "~/lib/live.ts";
import { toggledSummary, type ReactionSummary, type ReactionType } from "~/lib/reaction-toggle.ts";
import { MutationError } from "./mutation-error.tsx";

// SVG drawings, not emoji: those show as empty boxes on devices without an emoji font.
const ICONS: Record<ReactionType, LucideIcon> = { like: ThumbsUp, love: Heart, fire: Flame, sad: Frown, laugh: Laugh };
const TYPES = Object.keys(ICONS) as ReactionType[];

/**
 * Counts per reaction type with the viewer's own highlighted. A member's click shows the new
 * counts at once (optimistic) and rolls back if the server refuses; visitors are sent to sign in.
 * The counts are the loader's (again when it reloads) with the member's toggles and others'
 * live counts on top; the API's code loads with the first click.
 */
export function ReactionBar({
  threadId,
  initial,
  signedIn,
}: {
  threadId: number;
  initial: ReactionSummary;
  signedIn: boolean;
}) {
  const locale = useLocale();
  const location = useLocation();
  const [shown, setShown] = useState({ from: initial, summary: initial });
  // Fresh loader data (a revalidation, a reconnected live channel) replaces what was shown.
  if (shown.from !== initial) setShown({ from: initial, summary: initial });
  const summary = shown.summary;
  const show = (next: ReactionSummary) => setShown((current) => ({ ...current, summary: next }));
  const toggle = useAction(
    async (input: { threadId: number; type: ReactionType }) => (await api()).reaction.toggle.mutate(input),
    { onSuccess: show },
  );
  const react = (type: ReactionType) => {
    if (toggle.isPending) return;
    const previous = summary;
    show(toggledSummary(previous, type));
    toggle.mutateAsync({ threadId, type }).catch(() => show(previous));
  };
  // Others' reactions as they happen: the counts only, the viewer's own stays as it is.
  useLiveChannel([`thread:${threadId}`], {
    reactions: ({ counts }) => {
      if (toggle.isPending) return;
      setShown((current) => ({
        ...current,
        summary: { ...current.summary, counts: { ...current.summary.counts, ...counts }, total: Object.values(counts).reduce((sum, count) => sum + count, 0) },
      }));
    },
  });

  return (
    <section aria-label={m.thread_reactions()} className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {TYPES.map((type) => {
          const label = `${pickMessage({ like: m.reaction_like, love: m.reaction_love, fire: m.reaction_fire, sad: m.reaction_sad, laugh: m.reaction_laugh }, type)()}: ${formatNumber(summary.counts[type], locale)}`;
          const mine = summary.mine === type;
          const className = `inline-flex items-center gap-1.5 rounded-full border px-3 py-1 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${
            mine
              ? "border-brand-400 bg-brand-50 text-brand-800 dark:border-brand-400 dark:bg-brand-500/15 dark:text-brand-100"
              : "border-slate-200 bg-white text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800"
          }`;
          const Icon = ICONS[type];
          const content = (
            <>
              <Icon aria-hidden="true" className="h-4 w-4" />
              <span aria-hidden="true" className="tabular-nums">
                {formatNumber(summary.counts[type], locale)}
              </span>
            </>
          );
          if (!signedIn) {
            return (
              <Link
                key={type}
                to={withRedirect("/masuk", location.pathname)}
                aria-label={`${label}. ${m.thread_reactionsHint()}`}
                title={m.thread_reactionsHint()}
                className={className}
              >
                {content}
              </Link>
            );
          }
          return (
            <button
              key={type}
              type="button"
              aria-pressed={mine}
              aria-label={label}
              data-reaction={type}
              onClick={() => react(type)}
              className={className}
            >
              {content}
            </button>
          );
        })}
      </div>
      <MutationError error={toggle.error} />
    </section>
  );
}
