import { z } from "zod";

/*
 * The webhook event catalogue: every type an endpoint can subscribe to, who may subscribe to it
 * (a member for their own events, the forum's admins for all of them), and the zod schema of its
 * body. A body is `{ type, version, timestamp, data }`; `version` only grows with a change a
 * receiver could trip over (a field removed or retyped), which becomes a new schema beside the old.
 */

export const WEBHOOK_SCOPES = ["member", "forum"] as const;
export type WebhookScope = (typeof WEBHOOK_SCOPES)[number];

export const WEBHOOK_EVENT_TYPES = ["thread.created", "reply.created", "reaction.created", "payment.settled", "report.resolved"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What each scope may subscribe to. A member's: replies on their threads or to their replies, reactions on their threads, their own payments. */
export const EVENTS_OF_SCOPE: Record<WebhookScope, readonly WebhookEventType[]> = {
  member: ["reply.created", "reaction.created", "payment.settled"],
  forum: WEBHOOK_EVENT_TYPES,
};

const member = z.object({ id: z.number().int(), username: z.string() });
const threadRef = z.object({ id: z.number().int(), title: z.string(), url: z.string() });

export const webhookPayloads = {
  "thread.created": z.object({
    thread: threadRef.extend({ categoryId: z.number().int(), createdAt: z.string() }),
    author: member,
  }),
  "reply.created": z.object({
    reply: z.object({ id: z.string(), parentReplyId: z.string().nullable(), url: z.string(), createdAt: z.string() }),
    thread: threadRef,
    author: member,
  }),
  "reaction.created": z.object({ thread: threadRef, reaction: z.string(), member }),
  "payment.settled": z.object({
    orderId: z.string(),
    kind: z.enum(["topup", "package"]),
    /** Rupiah paid, and the tokens credited. */
    grossAmount: z.number().int(),
    tokenAmount: z.number().int(),
    member,
  }),
  "report.resolved": z.object({
    reportId: z.string(),
    outcome: z.enum(["resolved", "dismissed"]),
    targetType: z.string(),
  }),
} satisfies Record<WebhookEventType, z.ZodType>;

export type WebhookPayload<T extends WebhookEventType> = z.output<(typeof webhookPayloads)[T]>;

/** The body every delivery carries (version 1 of every type). */
export function webhookBody<T extends WebhookEventType>(type: T, data: WebhookPayload<T>, timestamp: Date) {
  return { type, version: 1 as const, timestamp: timestamp.toISOString(), data: webhookPayloads[type].parse(data) };
}
