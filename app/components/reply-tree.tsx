import { formatDateTime } from "~/lib/format.ts";
import { useLocale, useT } from "~/lib/i18n.ts";
import type { Loaded, RouterOutputs } from "~/lib/trpc.tsx";

type ReplyNode = Loaded<RouterOutputs["reply"]["listByThread"]["items"][number]>;

function ReplyItem({ reply }: { reply: ReplyNode }) {
  const t = useT();
  const locale = useLocale();
  const concealed = reply.isDeleted || reply.isHidden;
  return (
    <li id={reply.id} data-depth={reply.depth}>
      <article className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4 dark:border-slate-800 dark:bg-slate-900">
        <header className="flex flex-wrap items-baseline gap-x-2 text-sm">
          <span className="font-semibold text-slate-900 dark:text-white">{reply.username}</span>
          <time dateTime={reply.createdAt} className="text-xs text-slate-500 dark:text-slate-400">
            {formatDateTime(reply.createdAt, locale)}
          </time>
          {reply.editedAt && !concealed && (
            <span className="text-xs text-slate-500 dark:text-slate-400">{t("thread.edited")}</span>
          )}
        </header>
        {concealed ? (
          <p className="mt-1 text-sm italic text-slate-500 dark:text-slate-400">
            {t(reply.isHidden ? "thread.replyHidden" : "thread.replyDeleted")}
          </p>
        ) : (
          <p className="mt-1 whitespace-pre-line break-words text-slate-800 dark:text-slate-200">{reply.content}</p>
        )}
      </article>
      {reply.children.length > 0 && <ReplyList replies={reply.children} nested />}
    </li>
  );
}

/** Replies and their answers; each level is indented under its parent. */
export function ReplyList({ replies, nested = false }: { replies: ReplyNode[]; nested?: boolean }) {
  return (
    <ol
      className={
        nested
          ? "ml-2 mt-3 space-y-3 border-l-2 border-slate-200 pl-3 sm:ml-4 sm:pl-4 dark:border-slate-800"
          : "space-y-4"
      }
    >
      {replies.map((reply) => (
        <ReplyItem key={reply.id} reply={reply} />
      ))}
    </ol>
  );
}
