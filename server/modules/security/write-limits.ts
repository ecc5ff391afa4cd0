import { DomainError, RateLimitedError, waitText } from "../../platform/errors.ts";
import type { Platform } from "../../platform/platform.ts";
import type { RateLimiter, RateLimitRule } from "../../platform/rate-limit.ts";
import type { Context } from "../../trpc/context.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/** What a member writes, each with its own limits. `write` is every other member mutation. */
export type WriteAction = "thread" | "reply" | "reaction" | "chat" | "payment" | "report" | "document" | "write";

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Per-member limits on writes, modelled on Discourse's defaults: a new topic every
 * 15 s and 20 a day (rate_limit_create_topic, max_topics_per_day), a post every 5 s
 * (rate_limit_create_post), 50 likes a day (max_likes_per_day), 20 flags a day
 * (max_flags_per_day). Chat asks the AI, which costs money, and payments go to a gateway.
 * Every rule of an action must allow the write.
 */
export const WRITE_RATE_LIMITS: Record<WriteAction, readonly RateLimitRule[]> = {
  thread: [
    { points: 1, durationSeconds: 15 },
    { points: 20, durationSeconds: DAY },
  ],
  reply: [
    { points: 1, durationSeconds: 5 },
    { points: 500, durationSeconds: DAY },
  ],
  // A toggle both adds and takes back, so a little more room than Discourse's likes.
  reaction: [
    { points: 20, durationSeconds: MINUTE },
    { points: 100, durationSeconds: DAY },
  ],
  chat: [
    { points: 10, durationSeconds: MINUTE },
    { points: 200, durationSeconds: DAY },
  ],
  payment: [
    { points: 10, durationSeconds: HOUR },
    { points: 30, durationSeconds: DAY },
  ],
  // For the moderation module's reports, once they exist.
  report: [{ points: 20, durationSeconds: DAY }],
  // Uploads (POST /api/documents, server/http/document-routes.ts): each may be 10 MB of storage.
  document: [
    { points: 10, durationSeconds: MINUTE },
    { points: 100, durationSeconds: DAY },
  ],
  // Edits, deletes, sessions, settings: a flood guard that a person never reaches.
  write: [{ points: 60, durationSeconds: MINUTE }],
};

/** The member mutations (tRPC paths) with their own limits; every other one counts as `write`. */
export const WRITE_ACTION_OF_PROCEDURE: Readonly<Record<string, WriteAction>> = {
  "thread.create": "thread",
  "reply.create": "reply",
  "reaction.toggle": "reaction",
  "chat.send": "chat",
  "chat.sendStream": "chat",
  "payment.create": "payment",
  "wallet.buyPackage": "payment",
  "moderation.report": "report",
};

const WHAT: Record<WriteAction, () => string> = {
  thread: m.error_writeLimit_what_thread,
  reply: m.error_writeLimit_what_reply,
  reaction: m.error_writeLimit_what_reaction,
  chat: m.error_writeLimit_what_chat,
  payment: m.error_writeLimit_what_payment,
  report: m.error_writeLimit_what_report,
  document: m.error_writeLimit_what_document,
  write: m.error_writeLimit_what_write,
};

/** Every write action's limiters, one per rule. */
export type WriteLimits = Record<WriteAction, RateLimiter[]>;

/**
 * One set of counters per server, in Redis when there is one: built once by createAppServices
 * (server/app-services.ts) and reached as `ctx.writeLimits`.
 */
export function createWriteLimits(platform: Pick<Platform, "rateLimiter">): WriteLimits {
  return Object.fromEntries(
    Object.entries(WRITE_RATE_LIMITS).map(([action, rules]) => [
      action,
      rules.map((rule, index) => platform.rateLimiter(`write:${action}:${index}`, rule)),
    ]),
  ) as WriteLimits;
}


export interface WriteTicket {
  /** Gives the attempt back: the write was refused as invalid and changed nothing. */
  refund(): Promise<void>;
}

/**
 * Counts one write of `action` by `memberId`, atomically (Redis or memory), so any number of
 * concurrent requests get at most the allowed number through. Over a limit: TOO_MANY_REQUESTS
 * (429) with Retry-After and an Indonesian message. Off when RATE_LIMIT_ENABLED=false.
 */
export async function consumeWriteLimit(
  ctx: Pick<Context, "writeLimits" | "env" | "request">,
  action: WriteAction,
  memberId: number,
): Promise<WriteTicket> {
  if (!ctx.env.RATE_LIMIT_ENABLED) return { refund: async () => {} };
  const key = String(memberId);
  const passed: RateLimiter[] = [];
  try {
    for (const limiter of ctx.writeLimits[action]) {
      await limiter.consume(key);
      passed.push(limiter);
    }
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    // A refused write spends nothing in the other windows.
    await Promise.all(passed.map((limiter) => limiter.refund(key)));
    // The mapper (server/trpc/errors.ts) answers 429 with Retry-After.
    throw new RateLimitedError(
      error.retryAfterSeconds,
      m.error_writeLimit({ what: WHAT[action](), wait: waitText(error.retryAfterSeconds) }),
    );
  }
  return { refund: () => Promise.all(passed.map((limiter) => limiter.refund(key))).then(() => {}) };
}

/** The action a member mutation counts as. */
export function writeActionOf(path: string): WriteAction {
  return WRITE_ACTION_OF_PROCEDURE[path] ?? "write";
}

/**
 * Applies the write limits around one member mutation (the middleware of protectedProcedure):
 * counted before it runs, so concurrent floods are bounded; given back when it failed as
 * BAD_REQUEST (invalid input, a rule refused it), so a typo does not cost a member their turn.
 */
export async function withWriteLimit<R extends { ok: boolean; error?: unknown }>(
  ctx: Pick<Context, "writeLimits" | "env" | "request">,
  call: { path: string; type: string; memberId: number },
  next: () => Promise<R>,
): Promise<R> {
  if (call.type !== "mutation") return next();
  const ticket = await consumeWriteLimit(ctx, writeActionOf(call.path), call.memberId);
  const result = await next();
  if (!result.ok && isInvalidRequest(result.error)) await ticket.refund();
  return result;
}

/**
 * A call refused as invalid: input that failed its schema (tRPC's BAD_REQUEST) or a rule's
 * InvalidError, which reaches this middleware wrapped by tRPC as the cause of its error.
 */
function isInvalidRequest(error: unknown): boolean {
  const wrapped = error as { code?: unknown; cause?: unknown } | null;
  if (wrapped?.code === "BAD_REQUEST") return true;
  const cause = wrapped?.cause ?? error;
  return cause instanceof DomainError && cause.kind === "invalid";
}
