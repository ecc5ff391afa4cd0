import type { Prisma } from "../../platform/db/postgres.ts";
import { isThreadVisible } from "../thread/service.ts";
import { REACTION_TYPES, type ReactionModel, type ReactionType } from "./reaction.model.ts";

export interface ReactionDeps {
  prisma: Prisma;
  reactions: typeof ReactionModel;
}

export interface ReactionSummary {
  /** Every type is present, zero included, so a client can render the bar as is. */
  counts: Record<ReactionType, number>;
  total: number;
  /** The viewer's own reaction; null when they have none or nobody is signed in. */
  mine: ReactionType | null;
}

/** Reaction counts of a thread, or null when the thread is missing or deleted. */
export async function summarizeReactions(
  { prisma, reactions }: ReactionDeps,
  threadId: number,
  viewerId: number | null,
): Promise<ReactionSummary | null> {
  if (!(await isThreadVisible(prisma, threadId))) return null;
  const visible = { threadId: String(threadId), isHidden: { $ne: true } };
  const [groups, mine] = await Promise.all([
    reactions.aggregate<{ _id: ReactionType; count: number }>([
      { $match: visible },
      { $group: { _id: "$type", count: { $sum: 1 } } },
    ]),
    viewerId === null ? null : reactions.findOne({ ...visible, userId: viewerId }, { type: 1 }).lean(),
  ]);
  const counts = Object.fromEntries(REACTION_TYPES.map((type) => [type, 0])) as Record<ReactionType, number>;
  for (const group of groups) {
    if (group._id in counts) counts[group._id] = group.count;
  }
  return {
    counts,
    total: Object.values(counts).reduce((sum, count) => sum + count, 0),
    mine: (mine?.type as ReactionType | undefined) ?? null,
  };
}
