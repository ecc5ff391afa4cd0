import { z } from "zod";
import type { Runtime } from "../app-services.ts";
import type { JobRegistry } from "../platform/jobs.ts";
import { recoverAbandonedAnswers } from "./chat/service.ts";
import { sweepOrphanBytes } from "./document/service.ts";
import { invalidateForumReads } from "./forum-cache.ts";
import { applyMemberContent, MEMBER_CONTENT_TASK } from "./moderation/members.ts";
import { NOTIFICATION_EVENT_TASK, notificationEvent } from "./notification/events.ts";
import {
  handleNotificationEvent,
  NOTIFICATION_DIGEST_TASK,
  NOTIFICATION_SWEEP_TASK,
  sendDigest,
  sweepRecentActivity,
} from "./notification/handler.ts";
import { expirePendingOrders, markLegacySandboxCredits } from "./payment/service.ts";
import type { PushMessage } from "./push/service.ts";
import { bigRowId, rowId, threadId } from "./schemas.ts";
import {
  HIDE_THREAD_ACTIVITY_TASK,
  hideThreadActivity,
  RECONCILE_THREAD_ACTIVITY_TASK,
  reconcileThreadActivity,
} from "./thread/hide-activity.ts";
import { resumePendingEntries } from "./wallet/service.ts";
import { fanOutEvent, queueWebhookFanout, WEBHOOK_EVENT_TASK } from "./webhook/fanout.ts";
import { deliverOnce, WEBHOOK_DELIVER_TASK } from "./webhook/service.ts";
import { PRUNE_WRITE_KEYS_TASK, pruneWriteKeys } from "./write-keys.ts";

/** Periodic tasks, one graphile-worker crontab line each. */
const crontabLines: string[] = [
  // Pending payment orders past their expiry become expired.
  "* * * * * payment_expire_orders",
  // Ledger entries a stopped process left half-applied are finished.
  "*/5 * * * * wallet_resume_pending",
  // Deleted threads' replies/reactions still visible in MongoDB are hidden, and reply counts
  // that disagree with MongoDB are recounted (a hide job out of attempts, a crash, a race).
  `*/10 * * * * ${RECONCILE_THREAD_ACTIVITY_TASK} ?max=3`,
  // Aleph answers whose token reservation expired (their process died) are charged if stored,
  // released otherwise.
  "* * * * * aleph_recover_reservations",
  // Uploaded bytes without a document (a crash between the bytes and the metadata, a failed
  // removal) older than an hour are removed.
  "17 * * * * document_sweep_orphans",
  // Notification events a crash lost between a MongoDB write and its job (replies, reactions)
  // are queued again, and low token balances are found.
  `*/2 * * * * ${NOTIFICATION_SWEEP_TASK}`,
  // Idempotency keys of offline writes past their useful life (write-keys.ts) are deleted, nightly.
  `41 3 * * * ${PRUNE_WRITE_KEYS_TASK}`,
];

const threadPayload = z.object({ threadId });
const memberPayload = z.object({ userId: rowId });
const deliveryPayload = z.object({ deliveryId: bigRowId });

/**
 * What the tasks need from the process that runs them: the runtime server/main.ts built at start
 * (server/app-services.ts), the same one its requests use, never a global of their own.
 */
export type JobDeps = Pick<Runtime, "prisma" | "env" | "storage" | "mailer" | "logger" | "publicOriginOf"> & {
  metrics: Pick<Runtime["metrics"], "countReconcileFixes">;
  /** The forum cache, dropped when a task changes what pages show (server/main.ts passes the runtime's). */
  cache?: Runtime["cache"];
  /** Web Push and the live bus for notifications (the push and live modules), when wired. */
  sendPush?(userId: number, message: PushMessage): Promise<void>;
  publishUnread?(userId: number, unread: number): Promise<void>;
};

/**
 * Every background task of the application, by name, and the periodic ones (graphile-worker
 * crontab syntax: `<minute> <hour> <day> <month> <weekday> <task> [?options] [payload]`).
 * A module adds its task here and, when periodic, a crontab line.
 */
export const createJobRegistry = (deps: JobDeps): JobRegistry => ({
  tasks: {
    payment_expire_orders: async () => {
      await expirePendingOrders(new Date());
      await markLegacySandboxCredits();
    },
    wallet_resume_pending: async () => {
      await resumePendingEntries(new Date());
    },
    aleph_recover_reservations: async () => {
      await recoverAbandonedAnswers(new Date());
    },
    document_sweep_orphans: async () => {
      await sweepOrphanBytes({ storage: deps.storage });
    },
    [HIDE_THREAD_ACTIVITY_TASK]: async (payload) => {
      const { threadId } = threadPayload.parse(payload);
      await hideThreadActivity({}, threadId);
    },
    // All of a member's content hidden or shown again, in both databases (moderation/members.ts).
    [MEMBER_CONTENT_TASK]: async (payload) => {
      const { userId } = memberPayload.parse(payload);
      await applyMemberContent({ prisma: deps.prisma }, userId);
      if (deps.cache) await invalidateForumReads(deps.cache);
    },
    // One event (a reply, a reaction, a badge, ...) becomes its members' notifications.
    // Webhooks hear the same events: handed on first, to a job of their own (webhook/fanout.ts).
    [NOTIFICATION_EVENT_TASK]: async (payload) => {
      const event = notificationEvent.parse(payload);
      await queueWebhookFanout(deps.prisma, event);
      await handleNotificationEvent(deps, event);
    },
    [WEBHOOK_EVENT_TASK]: async (payload) => {
      await fanOutEvent({ prisma: deps.prisma, publicOrigin: deps.publicOriginOf() }, notificationEvent.parse(payload));
    },
    // One attempt of one signed delivery; a failure queues the next attempt itself (its own backoff).
    [WEBHOOK_DELIVER_TASK]: async (payload) => {
      const { deliveryId } = deliveryPayload.parse(payload);
      await deliverOnce({ ...deps, publicOrigin: deps.publicOriginOf() }, BigInt(deliveryId));
    },
    [NOTIFICATION_DIGEST_TASK]: async (payload) => {
      const { userId } = memberPayload.parse(payload);
      await sendDigest({ prisma: deps.prisma, mailer: deps.mailer, publicOrigin: deps.publicOriginOf() }, userId);
    },
    [NOTIFICATION_SWEEP_TASK]: async () => {
      await sweepRecentActivity(deps);
    },
    [PRUNE_WRITE_KEYS_TASK]: async () => {
      await pruneWriteKeys(deps.prisma, new Date());
    },
    [RECONCILE_THREAD_ACTIVITY_TASK]: async () => {
      const fixed = await reconcileThreadActivity({ prisma: deps.prisma });
      deps.metrics.countReconcileFixes({
        reply_hidden: fixed.repliesHidden,
        reaction_hidden: fixed.reactionsHidden,
        reply_count: fixed.replyCountsFixed,
      });
      if (deps.cache && fixed.replyCountsFixed > 0) await invalidateForumReads(deps.cache);
    },
  },
  crontab: crontabLines.join("\n"),
});
