import { api } from "./api.ts";
import { deviceFingerprint } from "./device-fingerprint.ts";
import { isTRPCClientError } from "./trpc-error.ts";

/*
 * The page's side of offline writing. A reply or thread whose send finds no connection is handed to the
 * service worker (app/service-worker/sw.js, "Offline writing"), which keeps it on the device and sends it
 * when the connection returns, with the same idempotency key the first attempt carried: the server makes
 * it once however often it arrives (server/modules/write-keys.ts). The worker keeps each outcome until
 * the member dismisses it; <OutboxStatus> shows them. docs/decisions/0016-offline-writing.md.
 */

/** The writes that may wait on the device, by their tRPC procedure. */
export type OutboxPath = "reply.create" | "thread.create";

/** What makes a create procedure's send the same write however often it arrives (server/modules/write-keys.ts). */
interface WriteOnceInput {
  idempotencyKey: string;
  writtenBy: number;
}

export interface OutboxDraft {
  path: OutboxPath;
  /** The procedure's input, idempotency key and writer included. */
  input: object & WriteOnceInput;
  /** What the member wrote, to copy back when it cannot be sent. */
  text: string;
  /** The thread replied to, or the new thread's title: what the notice names. */
  title: string;
  /** The thread's page, for a reply's link once it is sent. */
  threadPath?: string;
}

export interface OutboxEntry extends OutboxDraft {
  key: string;
  memberId: number;
  status: "pending" | "sent" | "conflict";
  queuedAt: number;
  /** What the send made: a reply ({ id }) or a thread ({ id, slug }). */
  result?: { id: string | number; slug?: string };
  /** A conflict's tRPC code (NOT_FOUND: the thread is gone; UNAUTHORIZED: signed out; CONFLICT: another member) and the server's message. */
  code?: string;
  message?: string;
}

/** The answer of a write handed to the outbox instead of sent. */
export const QUEUED = Symbol("queued");

type Request =
  | { type: "OUTBOX_ADD"; entry: Omit<OutboxEntry, "status" | "queuedAt"> & { headers: Record<string, string> } }
  | { type: "OUTBOX_LIST" }
  | { type: "OUTBOX_SEND" }
  | { type: "OUTBOX_RETRY"; key: string }
  | { type: "OUTBOX_DISMISS"; key: string };

/** Asks the worker that controls this page; null when none does (first visit, no support) or it did not answer. */
function ask<T>(request: Request): Promise<T | null> {
  const worker = typeof navigator !== "undefined" ? navigator.serviceWorker?.controller : null;
  if (!worker) return Promise.resolve(null);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), 5_000);
    channel.port1.onmessage = (event: MessageEvent<{ answer: T | null }>) => {
      clearTimeout(timer);
      resolve(event.data.answer);
    };
    worker.postMessage(request, [channel.port2]);
  });
}

export const listOutbox = async (): Promise<OutboxEntry[]> => (await ask<OutboxEntry[]>({ type: "OUTBOX_LIST" })) ?? [];
export const sendOutbox = () => ask<boolean>({ type: "OUTBOX_SEND" });
export const retryOutboxEntry = (key: string) => ask<boolean>({ type: "OUTBOX_RETRY", key });
export const dismissOutboxEntry = (key: string) => ask<boolean>({ type: "OUTBOX_DISMISS", key });

/** Calls `listener` whenever the worker says the outbox changed; answers the unsubscribe. */
export function onOutboxChange(listener: () => void): () => void {
  const container = typeof navigator !== "undefined" ? navigator.serviceWorker : undefined;
  if (!container) return () => {};
  const onMessage = (event: MessageEvent<{ type?: string }>) => {
    if (event.data?.type === "OUTBOX_CHANGED") listener();
  };
  container.addEventListener("message", onMessage);
  return () => container.removeEventListener("message", onMessage);
}

/** Whether a call failed for want of a connection (fetch itself failed), not because the server refused. */
export function isConnectionFailure(error: unknown): boolean {
  return isTRPCClientError(error) ? !error.shape && error.cause instanceof TypeError : error instanceof TypeError;
}

/**
 * Sends a write with a new idempotency key through `call`; when there is no connection (the browser says
 * so, or the send failed to reach the server), hands it to the outbox with that key instead and answers
 * QUEUED. Without a worker controlling the page the connection failure is thrown as it was.
 */
export async function sendOrQueue<I extends object, T>(
  memberId: number,
  draft: Omit<OutboxDraft, "input"> & { input: I },
  call: (input: I & WriteOnceInput) => Promise<T>,
): Promise<T | typeof QUEUED> {
  const input = { ...draft.input, idempotencyKey: crypto.randomUUID(), writtenBy: memberId };
  let failure: unknown = null;
  if (navigator.onLine) {
    try {
      return await call(input);
    } catch (error) {
      if (!isConnectionFailure(error)) throw error;
      failure = error;
    }
  }
  const fingerprint = await deviceFingerprint();
  const queued = await ask<boolean>({
    type: "OUTBOX_ADD",
    entry: {
      ...draft,
      input,
      key: input.idempotencyKey,
      memberId,
      headers: fingerprint ? { "x-device-fingerprint": fingerprint } : {},
    },
  });
  if (queued) return QUEUED;
  // Neither sent nor kept: the member must hear it failed (and keeps the text in the form).
  throw failure ?? new TypeError("offline");
}

/** A reply sent now, or kept on the device while there is no connection; `thread` names it in the outbox. */
export function sendReply(
  memberId: number,
  reply: { threadId: number; parentReplyId?: string; content: string },
  thread: { title: string; threadPath: string },
) {
  return sendOrQueue(memberId, { path: "reply.create", input: reply, text: reply.content, ...thread }, async (input) => (await api()).reply.create.mutate(input));
}
