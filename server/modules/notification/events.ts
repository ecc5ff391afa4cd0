import { z } from "zod";
import type { Prisma } from "../../platform/db/postgres.ts";
import { enqueueJob } from "../../platform/jobs.ts";

/*
 * The events that notify members, as the writes that cause them queue them. Each write queues ONE
 * durable job (in its PostgreSQL transaction where it has one); the job's handler
 * (notification/handler.ts) decides who is told. This file imports nothing of the modules, so
 * every module can queue an event without a cycle.
 */

/** The graphile-worker task that turns an event into notifications. */
export const NOTIFICATION_EVENT_TASK = "notification_event";

const mongoId = z.string().min(1).max(40);
const id = z.number().int().positive();

export const notificationEvent = z.discriminatedUnion("kind", [
  /** A reply written or edited: its thread's watchers, the reply it answers, newly mentioned members. */
  z.object({ kind: z.literal("reply"), ids: z.object({ replyId: mongoId }) }),
  /** A thread written or edited: newly mentioned members. */
  z.object({ kind: z.literal("thread"), ids: z.object({ threadId: id }) }),
  /** A member's reaction on a thread: its author, grouped per thread. */
  z.object({ kind: z.literal("reaction"), ids: z.object({ threadId: id, userId: id }) }),
  z.object({ kind: z.literal("badge"), ids: z.object({ userBadgeId: id }) }),
  z.object({ kind: z.literal("warning"), ids: z.object({ warningId: mongoId }) }),
  /** A report decided (resolved or dismissed): its reporter. */
  z.object({ kind: z.literal("report"), ids: z.object({ reportId: mongoId }) }),
  /** A payment order credited. */
  z.object({ kind: z.literal("payment"), ids: z.object({ orderId: z.string().min(1).max(64) }) }),
  /** A token debit that took the balance below LOW_TOKEN_BALANCE. */
  z.object({ kind: z.literal("low_balance"), ids: z.object({ transactionId: mongoId }) }),
]);
export type NotificationEvent = z.output<typeof notificationEvent>;

/** One pending job per event: queueing it again (an edit, the sweep) before it runs adds none. */
export function notificationEventJobKey(event: NotificationEvent): string {
  return `${NOTIFICATION_EVENT_TASK}:${event.kind}:${Object.values(event.ids).join(":")}`;
}

/**
 * Queues an event's job on `db`: a transaction client to commit it with the write, or the client
 * itself for writes that live in MongoDB only (a crash before this is caught by the sweep,
 * notification/handler.ts sweepRecentActivity).
 */
export async function queueNotificationEvent(db: Pick<Prisma, "$executeRaw">, event: NotificationEvent): Promise<void> {
  await enqueueJob(db, NOTIFICATION_EVENT_TASK, event, { jobKey: notificationEventJobKey(event) });
}
