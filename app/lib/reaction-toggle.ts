import type { RouterOutputs } from "./trpc.tsx";

export type ReactionSummary = RouterOutputs["reaction"]["summary"];
export type ReactionType = keyof ReactionSummary["counts"];

/** The summary as it will be after toggling `type`: what the optimistic update shows at once. */
export function toggledSummary(summary: ReactionSummary, type: ReactionType): ReactionSummary {
  const counts = { ...summary.counts };
  if (summary.mine) counts[summary.mine] = Math.max(0, counts[summary.mine] - 1);
  const mine = summary.mine === type ? null : type;
  if (mine) counts[mine] += 1;
  return { counts, mine, total: Object.values(counts).reduce((sum, count) => sum + count, 0) };
}
