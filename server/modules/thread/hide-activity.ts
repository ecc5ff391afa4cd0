import type { ReactionModel } from "../reaction/reaction.model.ts";
import type { ReplyModel } from "../reply/reply.model.ts";

/** The job that follows a thread's deletion into MongoDB (see deleteThread). */
export const HIDE_THREAD_ACTIVITY_TASK = "thread.hideActivity";

/** One pending job per thread: deleting twice before the worker runs does not queue it twice. */
export const hideActivityJobKey = (threadId: number) => `${HIDE_THREAD_ACTIVITY_TASK}:${threadId}`;

export interface HideActivityDeps {
  replies: Pick<typeof ReplyModel, "updateMany">;
  reactions: Pick<typeof ReactionModel, "updateMany">;
}

/**
 * Hides every reply and reaction of a deleted thread. Idempotent (only rows still visible are
 * touched, and hiding twice changes nothing), so a retry after a crash halfway simply finishes
 * the work.
 */
export async function hideThreadActivity(deps: HideActivityDeps, threadId: number) {
  const ofThread = { threadId: String(threadId), isHidden: false };
  const replies = await deps.replies.updateMany(ofThread, { $set: { isHidden: true } });
  const reactions = await deps.reactions.updateMany(ofThread, { $set: { isHidden: true } });
  return { replies: replies.modifiedCount, reactions: reactions.modifiedCount };
}
