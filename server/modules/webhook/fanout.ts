import { replyAnchor } from "../../../shared/reply-anchor.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { enqueueJob } from "../../platform/jobs.ts";
import { blockersAmong } from "../block/service.ts";
import { findReportOutcome } from "../moderation/service.ts";
import type { NotificationEvent } from "../notification/events.ts";
import { findCreditedOrder } from "../payment/service.ts";
import { findVisibleReaction } from "../reaction/service.ts";
import { findRepliesForNotification } from "../reply/service.ts";
import { findThreadForNotification } from "../thread/service.ts";
import { webhookBody, type WebhookEventType, type WebhookPayload } from "./events.ts";
import { enqueueDelivery, newMessageId } from "./service.ts";

/*
 * From the forum's domain events to deliveries. Webhooks listen to the same events the
 * notifications do (notification/events.ts, queued by the writes in their transactions): the
 * notification job hands each to the `webhook_event` job (server/modules/jobs.ts), which finds what
 * happened through the modules' services and adds one delivery per subscribed endpoint. A
 * delivery is keyed by (endpoint, event), so a replayed, swept or concurrent event adds none, and an
 * edit (which queues the same event again) is not a second "created".
 */

export const WEBHOOK_EVENT_TASK = "webhook_event";

/** Hands a domain event to the webhook fan-out (one pending job per event). */
export async function queueWebhookFanout(db: Pick<Prisma, "$executeRaw">, event: NotificationEvent): Promise<void> {
  await enqueueJob(db, WEBHOOK_EVENT_TASK, event, { jobKey: `${WEBHOOK_EVENT_TASK}:${event.kind}:${Object.values(event.ids).join(":")}` });
}

interface Happened<T extends WebhookEventType = WebhookEventType> {
  type: T;
  key: string;
  data: WebhookPayload<T>;
  /** When it happened, if known: endpoints made later do not receive it (an edit re-queues old events). */
  at: Date | null;
  /** The member who did it: members who blocked them get nothing of it. */
  actorId: number | null;
  /** Members whose own event it is (their endpoints of scope member receive it). */
  members: number[];
}

async function membersById(prisma: Prisma, ids: number[]) {
  const rows = await prisma.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, username: true } });
  return new Map(rows.map((row) => [row.id, row]));
}

async function whatHappened(prisma: Prisma, origin: string, event: NotificationEvent): Promise<Happened | null> {
  const threadRef = (thread: { id: number; title: string; slug: string }) => ({
    id: thread.id,
    title: thread.title,
    url: `${origin}/t/${thread.id}/${encodeURIComponent(thread.slug)}`,
  });
  switch (event.kind) {
    case "thread": {
      const thread = await findThreadForNotification(prisma, event.ids.threadId);
      if (!thread?.isVisible) return null;
      const author = (await membersById(prisma, [thread.authorId])).get(thread.authorId);
      if (!author) return null;
      return {
        type: "thread.created",
        key: `thread.created:${thread.id}`,
        data: { thread: { ...threadRef(thread), categoryId: thread.categoryId, createdAt: thread.createdAt.toISOString() }, author },
        at: thread.createdAt,
        actorId: thread.authorId,
        members: [],
      };
    }
    case "reply": {
      const reply = (await findRepliesForNotification({}, [event.ids.replyId])).get(event.ids.replyId);
      if (!reply?.isVisible) return null;
      const thread = await findThreadForNotification(prisma, reply.threadId);
      if (!thread?.isVisible) return null;
      const parent = reply.parentReplyId ? (await findRepliesForNotification({}, [reply.parentReplyId])).get(reply.parentReplyId) : undefined;
      const author = (await membersById(prisma, [reply.userId])).get(reply.userId);
      if (!author) return null;
      const ref = threadRef(thread);
      return {
        type: "reply.created",
        key: `reply.created:${reply.id}`,
        data: {
          reply: { id: reply.id, parentReplyId: reply.parentReplyId, url: `${ref.url}#${replyAnchor(reply.id)}`, createdAt: reply.createdAt.toISOString() },
          thread: ref,
          author,
        },
        at: reply.createdAt,
        actorId: reply.userId,
        members: [thread.authorId, ...(parent?.isVisible ? [parent.userId] : [])].filter((id) => id !== reply.userId),
      };
    }
    case "reaction": {
      const { threadId, userId } = event.ids;
      const reaction = await findVisibleReaction({}, threadId, userId);
      if (!reaction) return null;
      const thread = await findThreadForNotification(prisma, threadId);
      if (!thread?.isVisible) return null;
      const member = (await membersById(prisma, [userId])).get(userId);
      if (!member) return null;
      return {
        type: "reaction.created",
        key: `reaction.created:${threadId}:${userId}`,
        data: { thread: threadRef(thread), reaction: reaction.type, member },
        at: null,
        actorId: userId,
        members: thread.authorId === userId ? [] : [thread.authorId],
      };
    }
    case "payment": {
      const order = await findCreditedOrder(event.ids.orderId);
      if (!order) return null;
      const member = (await membersById(prisma, [order.userId])).get(order.userId);
      if (!member) return null;
      return {
        type: "payment.settled",
        key: `payment.settled:${event.ids.orderId}`,
        data: { orderId: event.ids.orderId, kind: order.kind, grossAmount: order.grossAmount, tokenAmount: order.tokenAmount, member },
        at: null,
        actorId: null,
        members: [order.userId],
      };
    }
    case "report": {
      const report = await findReportOutcome(event.ids.reportId);
      if (!report) return null;
      return {
        type: "report.resolved",
        key: `report.resolved:${event.ids.reportId}`,
        data: { reportId: event.ids.reportId, outcome: report.status, targetType: report.targetType },
        at: null,
        actorId: null,
        members: [],
      };
    }
    default:
      // Badges, warnings and low balances are a member's private notices, not webhook events.
      return null;
  }
}

/** Turns one domain event into its deliveries; answers how many it added (none when replayed). */
export async function fanOutEvent(deps: { prisma: Prisma; publicOrigin: string }, event: NotificationEvent, now = new Date()): Promise<number> {
  const { prisma } = deps;
  const happened = await whatHappened(prisma, deps.publicOrigin, event);
  if (!happened) return 0;
  let members = happened.members;
  if (happened.actorId !== null && members.length) {
    const blockers = await blockersAmong(prisma, happened.actorId, members);
    members = members.filter((id) => !blockers.has(id));
  }
  const endpoints = await prisma.webhookEndpoint.findMany({
    where: {
      isEnabled: true,
      events: { has: happened.type },
      OR: [{ scope: "forum" }, ...(members.length ? [{ scope: "member", userId: { in: members } }] : [])],
      ...(happened.at ? { createdAt: { lte: happened.at } } : {}),
    },
    select: { id: true },
  });
  const body = JSON.stringify(webhookBody(happened.type, happened.data as never, now));
  let added = 0;
  for (const endpoint of endpoints) {
    // The row and its job in one transaction; a second run of this event finds the row and adds nothing.
    added += await prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ id: bigint }[]>`
        INSERT INTO webhook_deliveries (endpoint_id, message_id, event_type, event_key, body, next_attempt_at)
        VALUES (${endpoint.id}, ${newMessageId()}, ${happened.type}, ${happened.key}, ${body}, ${now})
        ON CONFLICT (endpoint_id, event_key) DO NOTHING
        RETURNING id`;
      if (!row) return 0;
      await enqueueDelivery(tx, row.id, now);
      return 1;
    });
  }
  return added;
}
