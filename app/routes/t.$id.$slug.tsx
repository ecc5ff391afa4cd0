import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigate } from "@remix-run/react";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { ReactionBar } from "~/components/reaction-bar.tsx";
import { ReportControl } from "~/components/report-control.tsx";
import { LiveReplies, ReplyComposer, ReplyList } from "~/components/reply-tree.tsx";
import { ThreadWatchControl } from "~/components/thread-watch.tsx";
import { RichContent } from "~/components/rich-content.tsx";
import { CategoryChip, threadPath } from "~/components/thread-list.tsx";
import { UserName } from "~/components/user-name.tsx";
import { ConfirmButton } from "~/components/confirm-button.tsx";
import { MutationError } from "~/components/mutation-error.tsx";
import { sendReply } from "~/lib/outbox.ts";
import { api, useAction } from "~/lib/api.ts";
import { formatDateTime, formatNumber } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";
import { orErrorResponse, parseIdParam } from "~/lib/loader.server.ts";
import { withRedirect } from "~/lib/redirect-path.ts";
import { discussionForumPosting } from "~/lib/seo.ts";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const id = parseIdParam(params.id);
  const url = new URL(request.url);
  const [thread, viewer] = await orErrorResponse(Promise.all([context.trpc.thread.byId({ id }), context.trpc.auth.me()]));
  // A thread hidden by a moderator keeps its address, with a placeholder and none of its replies.
  const [replies, reactions] = thread.isHidden
    ? [null, null]
    : await orErrorResponse(
        Promise.all([
          context.trpc.reply.listByThread({ threadId: id, cursor: url.searchParams.get("cursor") ?? undefined }),
          context.trpc.reaction.summary({ threadId: id }),
        ]),
      );
  // The member's level on the thread; the control is left out if it cannot be read.
  const watchLevel =
    viewer && !thread.isHidden
      ? await context.trpc.notification.threadLevel({ threadId: id }).then((result) => result.level, () => null)
      : null;
  // One address per thread: an old or mistyped slug (or "007" for 7) moves to the canonical one.
  if (params.id !== String(thread.id) || params.slug !== thread.slug) {
    throw redirect(`${threadPath(thread)}${url.search}`, 301);
  }
  return json({
    thread,
    replies,
    reactions,
    viewerId: viewer?.id ?? null,
    watchLevel,
    canonicalUrl: new URL(threadPath(thread), context.publicOrigin).href,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [];
  const { thread, canonicalUrl, replies, reactions } = data;
  const siteName = m.site_name();
  if (thread.isHidden) return [{ title: `${m.mod_threadHiddenTitle()} · ${siteName}` }, { name: "robots", content: "noindex" }];
  const description = thread.summary || thread.excerpt || thread.title;
  return [
    { title: `${thread.title} · ${siteName}` },
    { name: "description", content: description },
    { tagName: "link", rel: "canonical", href: canonicalUrl },
    { property: "og:type", content: "article" },
    { property: "og:site_name", content: siteName },
    { property: "og:title", content: thread.title },
    { property: "og:description", content: description },
    { property: "og:url", content: canonicalUrl },
    { property: "article:published_time", content: thread.createdAt },
    { property: "article:modified_time", content: thread.updatedAt },
    { property: "article:section", content: thread.category.name },
    { name: "twitter:card", content: "summary" },
    discussionForumPosting({
      origin: new URL(canonicalUrl).origin,
      url: canonicalUrl,
      thread,
      replies: replies?.items ?? [],
      likeCount: reactions?.counts.like ?? 0,
    }),
  ];
};

/** Edit and delete, for the thread's author. */
function ThreadActions({ threadId, categorySlug }: { threadId: number; categorySlug: string }) {
  const navigate = useNavigate();
  const remove = useAction(async (input: { id: number }) => (await api()).thread.delete.mutate(input), {
    onSuccess: () => navigate(`/c/${categorySlug}`),
  });
  const buttonClass =
    "rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800";
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Link to={`/tulis/${threadId}`} className={buttonClass}>
        {m.thread_edit()}
      </Link>
      <ConfirmButton
        question={m.thread_deleteConfirm()}
        onConfirm={() => remove.mutate({ id: threadId })}
        pending={remove.isPending}
        className={buttonClass}
      >
        {m.thread_delete()}
      </ConfirmButton>
      <MutationError error={remove.error} />
    </div>
  );
}

/** What a thread hidden by a moderator shows at its address, to everyone (its author sees it was hidden). */
function HiddenThread() {
  return (
    <article className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6 dark:border-slate-800 dark:bg-slate-900">
      <h1 className="text-xl font-semibold text-slate-900 dark:text-white">{m.mod_threadHiddenTitle()}</h1>
      <p className="mt-2 italic text-slate-600 dark:text-slate-400" data-testid="thread-hidden">
        {m.mod_threadHidden()}
      </p>
    </article>
  );
}

export default function ThreadPage() {
  const { thread, replies, reactions, viewerId, watchLevel } = useLoaderData<typeof loader>();
  const locale = useLocale();
  if (!replies || !reactions) return <HiddenThread />;
  return (
    <div className="space-y-8">
      <article className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6 dark:border-slate-800 dark:bg-slate-900">
        <header className="space-y-3 border-b border-slate-200 pb-4 dark:border-slate-800">
          <CategoryChip category={thread.category} />
          <h1 className="text-2xl font-bold leading-tight tracking-tight text-slate-900 sm:text-3xl dark:text-white">
            {thread.title}
          </h1>
          <div className="flex flex-wrap items-center gap-x-1 text-sm text-slate-600 dark:text-slate-400">
            <UserName username={thread.author.username} badge={thread.author.primaryBadge} />
            {" · "}
            <time dateTime={thread.createdAt}>
              {m.thread_postedOn({ date: formatDateTime(thread.createdAt, locale) })}
            </time>
          </div>
          {viewerId === thread.author.id && <ThreadActions threadId={thread.id} categorySlug={thread.category.slug} />}
          {viewerId !== null && viewerId !== thread.author.id && <ReportControl targetType="thread" targetId={thread.id} />}
          {watchLevel && <ThreadWatchControl key={thread.id} threadId={thread.id} initial={watchLevel} />}
        </header>
        <div className="py-2">
          <RichContent document={thread.contentJson} />
        </div>
        <footer className="border-t border-slate-200 pt-4 dark:border-slate-800">
          <ReactionBar threadId={thread.id} initial={reactions} signedIn={viewerId !== null} />
        </footer>
      </article>

      <section aria-labelledby="balasan-judul">
        <h2 id="balasan-judul" className="mb-4 text-lg font-semibold text-slate-900 dark:text-white">
          {m.thread_repliesHeading({ count: formatNumber(thread.replyCount, locale) })}
        </h2>
        <LiveReplies threadId={thread.id} />
        {viewerId === null ? (
          <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
            <Link to={withRedirect("/masuk", threadPath(thread))} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
              {m.reply_signInToReply()}
            </Link>
          </p>
        ) : (
          <div className="mb-6">
            <ReplyComposer
              label={m.reply_newLabel}
              submitLabel={m.reply_send}
              send={(content) => sendReply(viewerId, { threadId: thread.id, content }, { title: thread.title, threadPath: threadPath(thread) })}
            />
          </div>
        )}
        {replies.items.length === 0 ? (
          <p className="text-slate-600 dark:text-slate-400">{m.thread_noReplies()}</p>
        ) : (
          <ReplyList
            replies={replies.items}
            viewer={{ threadId: thread.id, userId: viewerId, thread: { title: thread.title, threadPath: threadPath(thread) } }}
          />
        )}
        <CursorPager nextCursor={replies.nextCursor} moreLabel={m.thread_moreReplies} firstLabel={m.thread_firstReplies} />
      </section>
    </div>
  );
}
