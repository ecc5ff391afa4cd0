import { useRevalidator } from "@remix-run/react";
import { lazy, Suspense, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { replyAnchor } from "../../shared/reply-anchor.ts";
import { formatDateTime, formatNumber } from "~/lib/format.ts";
import { useLiveChannel } from "~/lib/live.ts";
import { QUEUED, sendReply } from "~/lib/outbox.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { type Message, useLocale } from "~/lib/locale.ts";
import { ConfirmButton } from "./confirm-button.tsx";
import { MentionTextarea } from "./mention-suggestions.tsx";
import { MutationError } from "./mutation-error.tsx";
import { api, loadedApi, useAction } from "~/lib/api.ts";
import type { Loaded, RouterOutputs } from "~/lib/trpc.tsx";
import { ReportControl } from "./report-control.tsx";
import { UserName } from "./user-name.tsx";

export type ReplyNode = Loaded<RouterOutputs["reply"]["listByThread"]["items"][number]>;

/** Who is reading: replies offer answering to members and editing to their authors. */
export interface ReplyViewer {
  threadId: number;
  userId: number | null;
  /** The thread's title and page, which a reply kept offline is shown with. */
  thread: { title: string; threadPath: string };
}

const smallButtonClass =
  "rounded px-2 py-1 text-xs font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white";

/**
 * A textarea that sends a reply (new or edited) and reloads the page's replies on success. The
 * server's refusal (too deep, empty, too long) is shown beside it.
 */
export function ReplyComposer({
  label,
  submitLabel,
  initialText = "",
  send,
  onDone,
}: {
  label: Message;
  submitLabel: Message;
  initialText?: string;
  send: (content: string) => Promise<unknown>;
  onDone?: () => void;
}) {
  const id = useId();
  const revalidator = useRevalidator();
  const [text, setText] = useState(initialText);
  const [queued, setQueued] = useState(false);
  const mutation = useAction(send, {
    onSuccess: (answer) => {
      setText("");
      setQueued(answer === QUEUED);
      // Kept on the device (no connection): nothing new to load; the outbox notice follows it.
      if (answer === QUEUED) return;
      revalidator.revalidate();
      onDone?.();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate(text);
  };
  return (
    <form onSubmit={submit} className="space-y-2">
      <label htmlFor={id} className="sr-only">
        {label()}
      </label>
      <MentionTextarea
        id={id}
        value={text}
        onValueChange={setText}
        rows={3}
        maxLength={10_000}
        placeholder={label()}
        aria-invalid={Boolean(mutation.error) || undefined}
        className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500 dark:border-slate-700 dark:bg-slate-900 dark:text-white"
      />
      <MutationError error={mutation.error} />
      {queued && (
        <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
          {m.outbox_queuedHere()}
        </p>
      )}
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={mutation.isPending || text.trim() === ""}
          className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {mutation.isPending ? m.form_submitting() : submitLabel()}
        </button>
        {onDone && (
          <button type="button" onClick={onDone} className={smallButtonClass}>
            {m.reply_cancel()}
          </button>
        )}
      </div>
    </form>
  );
}

/**
 * One reply as everyone sees it: no state of its own, so a page of replies renders for a
 * visitor without any per-reply hooks. A member's controls are a component of their own.
 */
export function ReplyItem({ reply, viewer }: { reply: ReplyNode; viewer: ReplyViewer }) {
  const locale = useLocale();
  const concealed = reply.isDeleted || reply.isHidden;

  return (
    <li id={replyAnchor(reply.id)} data-depth={reply.depth} className="scroll-mt-20 [&:target>article]:ring-2 [&:target>article]:ring-brand-500">
      <article
        aria-label={m.reply_by({ username: reply.username })}
        className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4 dark:border-slate-800 dark:bg-slate-900"
      >
        <header className="flex flex-wrap items-baseline gap-x-2 text-sm">
          <UserName username={reply.username} badge={reply.primaryBadge} className="font-semibold text-slate-900 hover:underline dark:text-white" />
          <time dateTime={reply.createdAt} className="text-xs text-slate-500 dark:text-slate-400">
            {formatDateTime(reply.createdAt, locale)}
          </time>
          {reply.editedAt && !concealed && (
            <span className="text-xs text-slate-500 dark:text-slate-400">{m.thread_edited()}</span>
          )}
        </header>
        {concealed ? (
          <p className="mt-1 text-sm italic text-slate-500 dark:text-slate-400">
            {(reply.isHidden ? m.thread_replyHidden : m.thread_replyDeleted)()}
          </p>
        ) : viewer.userId === null ? (
          <ReplyText content={reply.content} />
        ) : (
          <MemberReply reply={reply} viewer={viewer} own={viewer.userId === reply.userId} />
        )}
      </article>
      {(reply.children.length > 0 || reply.moreReplies) && (
        <ReplyList
          replies={reply.children}
          viewer={viewer}
          nested
          more={reply.moreReplies ? { parentReplyId: reply.id, cursor: reply.moreReplies.cursor } : undefined}
        />
      )}
    </li>
  );
}

function ReplyText({ content }: { content: string }) {
  return <p className="mt-1 whitespace-pre-line break-words text-slate-800 dark:text-slate-200">{content}</p>;
}

/** A reply's text with what a member can do: answer, report, and for its author edit and delete. */
function MemberReply({ reply, viewer, own }: { reply: ReplyNode; viewer: ReplyViewer; own: boolean }) {
  const revalidator = useRevalidator();
  const remove = useAction(async (input: { id: string }) => (await api()).reply.delete.mutate(input), {
    onSuccess: () => revalidator.revalidate(),
  });
  const [mode, setMode] = useState<"read" | "answer" | "edit">("read");
  return (
    <>
      {mode === "edit" ? (
        <div className="mt-2">
          <ReplyComposer
            label={m.reply_editLabel}
            submitLabel={m.reply_save}
            initialText={reply.content}
            send={async (content) => (await api()).reply.update.mutate({ id: reply.id, content })}
            onDone={() => setMode("read")}
          />
        </div>
      ) : (
        <ReplyText content={reply.content} />
      )}
      {mode === "read" && (
        <div className="mt-2 flex flex-wrap gap-1">
          <button type="button" className={smallButtonClass} onClick={() => setMode("answer")}>
            {m.reply_answer()}
          </button>
          {!own && <ReportControl targetType="reply" targetId={reply.id} />}
          {own && (
            <>
              <button type="button" className={smallButtonClass} onClick={() => setMode("edit")}>
                {m.reply_edit()}
              </button>
              <ConfirmButton
                question={m.reply_deleteConfirm()}
                onConfirm={() => remove.mutate({ id: reply.id })}
                pending={remove.isPending}
                className={smallButtonClass}
              >
                {m.reply_delete()}
              </ConfirmButton>
            </>
          )}
        </div>
      )}
      <MutationError error={remove.error} className="mt-1" />
      {mode === "answer" && (
        <div className="mt-3">
          <ReplyComposer
            label={m.reply_answerLabel}
            submitLabel={m.reply_send}
            send={(content) => sendReply(viewer.userId!, { threadId: viewer.threadId, parentReplyId: reply.id, content }, viewer.thread)}
            onDone={() => setMode("read")}
          />
        </div>
      )}
    </>
  );
}

/** Replies and their answers; each level is indented under its parent. */
export function ReplyList({
  replies,
  viewer,
  nested = false,
  more,
}: {
  replies: ReplyNode[];
  viewer: ReplyViewer;
  nested?: boolean;
  /** Answers that did not fit in the page, loaded on request. */
  more?: MoreRepliesPosition;
}) {
  return (
    <ol
      className={
        nested
          ? "ml-2 mt-3 space-y-3 border-l-2 border-slate-200 pl-3 sm:ml-4 sm:pl-4 dark:border-slate-800"
          : "space-y-4"
      }
    >
      {replies.map((reply) => (
        <ReplyItem key={reply.id} reply={reply} viewer={viewer} />
      ))}
      {more && <MoreReplies key={more.cursor ?? "start"} position={more} viewer={viewer} />}
    </ol>
  );
}

export interface MoreRepliesPosition {
  parentReplyId: string;
  cursor: string | null;
}

// The list and its query cache come with the API's code, when a reader asks for more.
const LoadedMoreReplies = lazy(() => import("./reply-more.tsx"));

/**
 * A page holds a bounded number of replies (the server's budget); the answers of a reply that
 * did not fit come in pages of their own when asked for, each possibly with a "more" of its own.
 */
export function MoreReplies({ position, viewer }: { position: MoreRepliesPosition; viewer: ReplyViewer }) {
  const [open, setOpen] = useState(false);
  if (!open) return <MoreRepliesButton onClick={() => setOpen(true)} />;
  return (
    <Suspense fallback={<MoreRepliesButton pending />}>
      <LoadedMoreReplies position={position} viewer={viewer} />
    </Suspense>
  );
}

/** "More answers", or its loading state while they are on their way. */
export function MoreRepliesButton({ pending = false, error = null, onClick }: { pending?: boolean; error?: unknown; onClick?: () => void }) {
  return (
    <li>
      <button type="button" className={smallButtonClass} disabled={pending} onClick={onClick}>
        {pending ? m.form_submitting() : m.reply_more()}
      </button>
      <MutationError error={error} className="mt-1" />
    </li>
  );
}

/** How long events are gathered before the page reloads its replies once for all of them. */
const LIVE_REFRESH_DELAY_MS = 400;

/**
 * Keeps an open thread's replies current: a reply written, edited, deleted or hidden anywhere
 * reloads the page's replies (the loader and the "more replies" lists, through the normal
 * procedures, so privacy rules hold) without touching what the member is typing: the composers
 * keep their text, as each reply keeps its key. New replies are announced to screen readers.
 */
export function LiveReplies({ threadId }: { threadId: number }) {
  const locale = useLocale();
  const revalidator = useRevalidator();
  const [announcement, setAnnouncement] = useState("");
  const pending = useRef({ timer: null as ReturnType<typeof setTimeout> | null, created: 0 });

  useEffect(() => () => {
    if (pending.current.timer) clearTimeout(pending.current.timer);
  }, []);

  const refresh = (created: number) => {
    const state = pending.current;
    state.created += created;
    if (state.timer) return;
    state.timer = setTimeout(() => {
      state.timer = null;
      const count = state.created;
      state.created = 0;
      revalidator.revalidate();
      // Lists of "more answers" opened on the page (the API is loaded once one was).
      const loaded = loadedApi();
      if (loaded) void loaded.queryClient.invalidateQueries({ queryKey: loaded.trpc.reply.listByThread.queryKey() });
      if (count > 0) setAnnouncement(m.reply_liveNew({ count: formatNumber(count, locale) }));
    }, LIVE_REFRESH_DELAY_MS);
  };

  useLiveChannel([`thread:${threadId}`], {
    "reply.created": () => refresh(1),
    "reply.updated": () => refresh(0),
    "reply.deleted": () => refresh(0),
    reset: () => refresh(0),
  });

  return (
    <p role="status" aria-live="polite" className="sr-only" data-testid="live-replies">
      {announcement}
    </p>
  );
}
