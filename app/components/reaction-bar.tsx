import { Link, useLocation } from "@remix-run/react";
import { Flame, Frown, Heart, Laugh, ThumbsUp, type LucideIcon } from "lucide-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatNumber } from "~/lib/format.ts";
import { useLocale, useT } from "~/lib/i18n.ts";
import { withRedirect } from "~/lib/redirect-path.ts";
import { useLiveChannel } from "~/lib/live.ts";
import { toggledSummary, type ReactionSummary, type ReactionType } from "~/lib/reaction-toggle.ts";
import { MutationError } from "./mutation-error.tsx";
import { useTRPC } from "~/lib/trpc.tsx";

// SVG drawings, not emoji: those show as empty boxes on devices without an emoji font.
const ICONS: Record<ReactionType, LucideIcon> = { like: ThumbsUp, love: Heart, fire: Flame, sad: Frown, laugh: Laugh };
const TYPES = Object.keys(ICONS) as ReactionType[];

/**
 * Counts per reaction type with the viewer's own highlighted. A member's click shows the new
 * counts at once (optimistic) and rolls back if the server refuses; visitors are sent to sign in.
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
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const summaryQuery = trpc.reaction.summary.queryOptions({ threadId });
  const { data: summary = initial } = useQuery({ ...summaryQuery, initialData: initial });
  const toggle = useMutation(
    trpc.reaction.toggle.mutationOptions({
      onMutate: async ({ type }) => {
        await queryClient.cancelQueries({ queryKey: summaryQuery.queryKey });
        const previous = queryClient.getQueryData(summaryQuery.queryKey);
        if (previous) queryClient.setQueryData(summaryQuery.queryKey, toggledSummary(previous, type));
        return { previous };
      },
      onError: (_error, _input, context) => {
        if (context?.previous) queryClient.setQueryData(summaryQuery.queryKey, context.previous);
      },
      onSuccess: (next) => queryClient.setQueryData(summaryQuery.queryKey, next),
    }),
  );
  // Others' reactions as they happen: the counts only, the viewer's own stays as it is.
  useLiveChannel([`thread:${threadId}`], {
    reactions: ({ counts }) => {
      if (toggle.isPending) return;
      queryClient.setQueryData(summaryQuery.queryKey, (previous) =>
        previous && { ...previous, counts: { ...previous.counts, ...counts }, total: Object.values(counts).reduce((sum, count) => sum + count, 0) },
      );
    },
    reset: () => void queryClient.invalidateQueries({ queryKey: summaryQuery.queryKey }),
  });

  return (
    <section aria-label={t("thread.reactions")} className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {TYPES.map((type) => {
          const label = `${t(`reaction.${type}`)}: ${formatNumber(summary.counts[type], locale)}`;
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
                aria-label={`${label}. ${t("thread.reactionsHint")}`}
                title={t("thread.reactionsHint")}
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
              onClick={() => toggle.mutate({ threadId, type })}
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
