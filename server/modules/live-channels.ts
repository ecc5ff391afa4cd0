import type { LiveBus } from "../platform/live.ts";
import type { Logger } from "../platform/logger.ts";

/**
 * The live channels of the forum and what is published on them (docs/decisions/0009): ids and
 * counts only, which anyone who may see the thread may know; the page fetches content through
 * the normal procedures, which apply privacy. The SSE route (server/http/live-routes.ts)
 * subscribes to them, the reply and reaction services publish.
 */
export const threadChannel = (threadId: number) => `thread:${threadId}`;
export const userChannel = (userId: number) => `user:${userId}`;

export type ThreadLiveEvent =
  | { type: "reply.created"; data: { replyId: string; parentReplyId: string | null } }
  | { type: "reply.updated"; data: { replyId: string } }
  | { type: "reply.deleted"; data: { replyId: string } }
  | { type: "reactions"; data: { counts: Record<string, number> } };

export interface LivePublishDeps {
  /** ctx.live; absent in callers that publish nothing (jobs, scripts). */
  live?: Pick<LiveBus, "publish">;
  logger?: Pick<Logger, "warn">;
}

/**
 * Publishes a thread's event after its write succeeded. A bus that cannot publish (Redis down)
 * never fails the write: open pages catch up when they reconnect (reset) or reload.
 */
export async function publishThreadEvent({ live, logger }: LivePublishDeps, threadId: number, event: ThreadLiveEvent): Promise<void> {
  if (!live) return;
  await live.publish(threadChannel(threadId), event.type, event.data).catch((error: unknown) => {
    logger?.warn({ err: error, threadId, type: event.type }, "live event not published");
  });
}

/** The member's unread count, on their own channel (the notification service's publishUnread). */
export async function publishUnreadCount({ live, logger }: LivePublishDeps, userId: number, unread: number): Promise<void> {
  if (!live) return;
  await live.publish(userChannel(userId), "notifications", { unread }).catch((error: unknown) => {
    logger?.warn({ err: error, userId }, "live unread count not published");
  });
}
