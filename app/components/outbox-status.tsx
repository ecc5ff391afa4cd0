import { Link, useRevalidator } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { replyAnchor } from "../../shared/reply-anchor.ts";
import { CopyButton } from "./copy-button.tsx";
import { inputClass, linkClass, secondaryButtonClass } from "./form-fields.tsx";
import { threadPath } from "./thread-list.tsx";
import * as m from "../../shared/paraglide/messages/_index.js";
import { type Message, pickMessage } from "~/lib/locale.ts";
import {
  dismissOutboxEntry,
  listOutbox,
  onOutboxChange,
  retryOutboxEntry,
  sendOutbox,
  type OutboxEntry,
} from "~/lib/outbox.ts";
import { startServiceWorker } from "~/lib/service-worker.ts";

/** Where a sent write can be read: the reply in its thread, or the new thread. */
function sentLink(entry: OutboxEntry): string | null {
  const result = entry.result;
  if (!result) return null;
  if (entry.path === "thread.create") return typeof result.id === "number" && result.slug ? threadPath({ id: result.id, slug: result.slug }) : null;
  return entry.threadPath ? `${entry.threadPath}#${replyAnchor(String(result.id))}` : null;
}

const CONFLICT_REASONS: Record<string, Message> = {
  NOT_FOUND: m.outbox_gone,
  UNAUTHORIZED: m.outbox_signedOut,
  CONFLICT: m.outbox_otherMember,
};

function Conflict({ entry, onChange }: { entry: OutboxEntry; onChange: () => void }) {
  const textId = useId();
  const reason = CONFLICT_REASONS[entry.code ?? ""];
  return (
    <div className="space-y-2">
      <p className="font-medium text-red-700 dark:text-red-300">{m.outbox_notSent({ title: entry.title })}</p>
      <p>{reason ? reason() : m.outbox_refused({ message: entry.message ?? "" })}</p>
      <label htmlFor={textId} className="block text-xs font-medium text-slate-600 dark:text-slate-400">
        {m.outbox_text()}
      </label>
      <textarea id={textId} readOnly value={entry.text} rows={3} className={`${inputClass} text-sm`} />
      <div className="flex flex-wrap gap-2">
        <CopyButton text={entry.text} />
        <button type="button" className={secondaryButtonClass} onClick={() => void retryOutboxEntry(entry.key).then(onChange)}>
          {m.outbox_resend()}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={() => void dismissOutboxEntry(entry.key).then(onChange)}>
          {m.outbox_dismiss()}
        </button>
      </div>
    </div>
  );
}

/**
 * What became of the replies and threads written offline on this device (app/lib/outbox.ts), on every
 * page: waiting, sent (with a link), or not sent and kept to copy. Also the fallback of browsers without
 * Background Sync: opening a page or coming back online asks the worker to send what waits.
 */
export function OutboxStatus() {
  const revalidator = useRevalidator();
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const sentBefore = useRef<Set<string> | null>(null);

  useEffect(() => {
    let live = true;
    const refresh = () =>
      void listOutbox().then((found) => {
        if (!live) return;
        setEntries(found);
        const sent = new Set(found.filter((entry) => entry.status === "sent").map((entry) => entry.key));
        // A write that was sent while this page was open: its data now shows it.
        if (sentBefore.current && [...sent].some((key) => !sentBefore.current!.has(key))) revalidator.revalidate();
        sentBefore.current = sent;
      });
    const send = () => void sendOutbox().then(refresh);
    const unsubscribe = onOutboxChange(refresh);
    window.addEventListener("online", send);
    // The very first visit is controlled only once the worker claims the page.
    navigator.serviceWorker?.addEventListener("controllerchange", refresh);
    void startServiceWorker().then(send);
    return () => {
      live = false;
      unsubscribe();
      window.removeEventListener("online", send);
      navigator.serviceWorker?.removeEventListener("controllerchange", refresh);
    };
    // The revalidator's identity changes with navigation state; the listeners are set up once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const refresh = () => void listOutbox().then(setEntries);
  return (
    <section aria-live="polite" aria-label={entries.length > 0 ? m.outbox_heading() : undefined} className={entries.length > 0 ? "mb-6" : undefined}>
      {entries.length > 0 && (
        <ul className="space-y-3" data-testid="outbox">
          {entries.map((entry) => {
            const kind = entry.path === "thread.create" ? "Thread" : "Reply";
            const link = sentLink(entry);
            return (
              <li
                key={entry.key}
                data-status={entry.status}
                className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm shadow-sm dark:border-slate-700 dark:bg-slate-900"
              >
                {entry.status === "conflict" ? (
                  <Conflict entry={entry} onChange={refresh} />
                ) : (
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <p>{(entry.status === "sent" ? pickMessage({ Reply: m.outbox_sentReply, Thread: m.outbox_sentThread }, kind) : pickMessage({ Reply: m.outbox_pendingReply, Thread: m.outbox_pendingThread }, kind))({ title: entry.title })}</p>
                    {entry.status === "sent" && (
                      <div className="flex items-center gap-3">
                        {link && (
                          <Link to={link} className={linkClass}>
                            {m.outbox_view()}
                          </Link>
                        )}
                        <button type="button" className={secondaryButtonClass} onClick={() => void dismissOutboxEntry(entry.key).then(refresh)}>
                          {m.outbox_dismiss()}
                        </button>
                      </div>
                    )}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
