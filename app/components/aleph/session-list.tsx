import { Link } from "@remix-run/react";
import { useState } from "react";
import { formatNumber } from "~/lib/format.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";

export interface ListedSession {
  id: string;
  title: string;
  messageCount: number;
  tokensUsed: number;
}

interface SessionListProps {
  sessions: ListedSession[];
  currentId: string | null;
  onRename(sessionId: string, title: string): Promise<void>;
  onDelete(sessionId: string): Promise<void>;
}

const actionClass =
  "whitespace-nowrap rounded px-2 py-1 text-xs font-medium text-slate-600 hover:bg-slate-200 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-700 dark:hover:text-white";

/** The member's conversations, the current one marked, each renamable and deletable. */
export function SessionList({ sessions, currentId, onRename, onDelete }: SessionListProps) {
  const locale = useLocale();
  const [renaming, setRenaming] = useState<string | null>(null);

  if (sessions.length === 0) return <p className="px-2 py-3 text-sm text-slate-500 dark:text-slate-400">{m.aleph_noSessions()}</p>;
  return (
    <ul className="space-y-1" data-testid="aleph-sessions">
      {sessions.map((session) => {
        const current = session.id === currentId;
        return (
          <li key={session.id} className={`rounded-lg ${current ? "bg-brand-50 dark:bg-brand-500/15" : ""}`}>
            {renaming === session.id ? (
              <form
                className="flex flex-col gap-2 p-2"
                onSubmit={(event) => {
                  event.preventDefault();
                  const title = new FormData(event.currentTarget).get("title");
                  if (typeof title === "string") void onRename(session.id, title).then(() => setRenaming(null));
                }}
              >
                <label className="sr-only" htmlFor={`title-${session.id}`}>
                  {m.aleph_renameLabel()}
                </label>
                <input
                  id={`title-${session.id}`}
                  name="title"
                  defaultValue={session.title}
                  maxLength={120}
                  required
                  autoFocus
                  className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
                />
                <div className="flex gap-1">
                  <button type="submit" className={actionClass}>
                    {m.aleph_save()}
                  </button>
                  <button type="button" className={actionClass} onClick={() => setRenaming(null)}>
                    {m.aleph_cancel()}
                  </button>
                </div>
              </form>
            ) : (
              <div className="p-2">
                <Link
                  to={`/aleph?sesi=${session.id}`}
                  aria-current={current ? "page" : undefined}
                  className="block truncate text-sm font-medium text-slate-800 hover:text-brand-700 dark:text-slate-100 dark:hover:text-brand-300"
                >
                  {session.title}
                </Link>
                <div className="mt-1 flex items-center gap-1">
                  <span className="mr-auto text-xs text-slate-500 dark:text-slate-400">
                    {m.aleph_sessionMeta({ count: session.messageCount, tokens: formatNumber(session.tokensUsed, locale) })}
                  </span>
                  <button type="button" className={actionClass} onClick={() => setRenaming(session.id)}>
                    {m.aleph_rename()}
                  </button>
                  <button
                    type="button"
                    className={actionClass}
                    onClick={() => {
                      if (window.confirm(m.aleph_deleteConfirm({ title: session.title }))) void onDelete(session.id);
                    }}
                  >
                    {m.aleph_delete()}
                  </button>
                </div>
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
