import { useEffect, useRef, useState } from "react";

/**
 * Live updates in the browser: one EventSource per page (GET /api/live, server/http/live-routes.ts)
 * for the channels every mounted hook asks for. The browser reconnects by itself and sends
 * Last-Event-ID, so the server replays what was missed; `reset` says it could not (the page
 * reloads its data). A refused connection (process full, too many tabs) is retried here, later,
 * with the last id in the query.
 */

/** What the server sends (server/modules/live-channels.ts; `reset` from the bus). */
export interface LiveEvents {
  "reply.created": { replyId: string; parentReplyId: string | null };
  "reply.updated": { replyId: string };
  "reply.deleted": { replyId: string };
  reactions: { counts: Record<string, number> };
  notifications: { unread: number };
  reset: Record<string, never>;
}
export type LiveHandlers = { [K in keyof LiveEvents]?: (data: LiveEvents[K]) => void };

const EVENT_TYPES = ["reply.created", "reply.updated", "reply.deleted", "reactions", "notifications", "reset"] as const;
const RETRY_MIN_MS = 5_000;
const RETRY_MAX_MS = 60_000;

interface Subscription {
  channels: readonly string[];
  handlers: { current: LiveHandlers };
}

const subscriptions = new Set<Subscription>();
let source: EventSource | null = null;
let openChannels = "";
let lastEventId = "";
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let retryDelay = RETRY_MIN_MS;

function dispatch<K extends keyof LiveEvents>(type: K, event: MessageEvent<string>) {
  if (event.lastEventId) lastEventId = event.lastEventId;
  let data: LiveEvents[K];
  try {
    data = JSON.parse(event.data) as LiveEvents[K];
  } catch {
    return;
  }
  for (const subscription of subscriptions) subscription.handlers.current[type]?.(data);
}

function connect(channels: string) {
  const query = new URLSearchParams({ channels });
  if (lastEventId) query.set("lastEventId", lastEventId);
  const opened = new EventSource(`/api/live?${query}`);
  source = opened;
  for (const type of EVENT_TYPES) opened.addEventListener(type, (event) => dispatch(type, event as MessageEvent<string>));
  opened.onopen = () => {
    retryDelay = RETRY_MIN_MS;
  };
  opened.onerror = () => {
    // CONNECTING: the browser retries by itself. CLOSED: the server refused (4xx/5xx); try again later.
    if (opened.readyState !== EventSource.CLOSED || source !== opened) return;
    source = null;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (openChannels === channels) connect(channels);
    }, retryDelay + Math.random() * 1_000);
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
  };
}

/** Opens (or reopens) the page's one connection for the channels of every mounted hook. */
function sync() {
  const wanted = [...new Set([...subscriptions].flatMap((subscription) => subscription.channels))].sort().join(",");
  if (wanted === openChannels) return;
  openChannels = wanted;
  // Other channels: the page that asks for them has just loaded its data, nothing to resume.
  lastEventId = "";
  source?.close();
  source = null;
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  retryDelay = RETRY_MIN_MS;
  if (wanted) connect(wanted);
}

/**
 * Adds `channels` to the page's connection, calling `handlers.current` for their events, until
 * the answered function is called (useLiveChannel's effect; exported for its test).
 */
export function subscribeLive(channels: readonly string[], handlers: { current: LiveHandlers }): () => void {
  const subscription: Subscription = { channels, handlers };
  subscriptions.add(subscription);
  sync();
  return () => {
    subscriptions.delete(subscription);
    sync();
  };
}

/**
 * Calls `handlers` for the events of `channels` (`thread:<id>`, `me`) while the component is
 * mounted. Handlers may change on every render; the connection changes only with the channels.
 */
export function useLiveChannel(channels: readonly string[], handlers: LiveHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  const key = channels.join(",");
  useEffect(() => {
    if (typeof EventSource === "undefined" || !key) return;
    return subscribeLive(key.split(","), latest);
  }, [key]);
}

/** The header bell's unread count: the server's at render, then each change on the member's own channel. Members only. */
export function useLiveUnread(initial: number): number {
  const [unread, setUnread] = useState(initial);
  // A new page load (revalidation) brings a fresher count.
  useEffect(() => setUnread(initial), [initial]);
  useLiveChannel(["me"], { notifications: (data) => setUnread(data.unread) });
  return unread;
}
