import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { ReactionBar } from "~/components/reaction-bar.tsx";
import { ReplyList } from "~/components/reply-tree.tsx";
import { RichContent } from "~/components/rich-content.tsx";
import { CategoryChip, threadPath } from "~/components/thread-list.tsx";
import { formatDateTime, formatNumber } from "~/lib/format.ts";
import { t as translateDefault, useLocale, useT } from "~/lib/i18n.ts";
import { orErrorResponse, parseIdParam } from "~/lib/loader.server.ts";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const id = parseIdParam(params.id);
  const url = new URL(request.url);
  const [thread, replies, reactions] = await orErrorResponse(
    Promise.all([
      context.trpc.thread.byId({ id }),
      context.trpc.reply.listByThread({ threadId: id, cursor: url.searchParams.get("cursor") ?? undefined }),
      context.trpc.reaction.summary({ threadId: id }),
    ]),
  );
  // One address per thread: an old or mistyped slug (or "007" for 7) moves to the canonical one.
  if (params.id !== String(thread.id) || params.slug !== thread.slug) {
    throw redirect(`${threadPath(thread)}${url.search}`, 301);
  }
  return json({ thread, replies, reactions, canonicalUrl: new URL(threadPath(thread), url.origin).href });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [];
  const { thread, canonicalUrl } = data;
  const siteName = translateDefault("site.name");
  const description = thread.summary || thread.title;
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
    { name: "twitter:card", content: "summary" },
  ];
};

export default function ThreadPage() {
  const { thread, replies, reactions } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="space-y-8">
      <article className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6 dark:border-slate-800 dark:bg-slate-900">
        <header className="space-y-3 border-b border-slate-200 pb-4 dark:border-slate-800">
          <CategoryChip category={thread.category} />
          <h1 className="text-2xl font-bold leading-tight tracking-tight text-slate-900 sm:text-3xl dark:text-white">
            {thread.title}
          </h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            <span className="font-medium text-slate-800 dark:text-slate-200">{thread.author.username}</span>
            {" · "}
            <time dateTime={thread.createdAt}>
              {t("thread.postedOn", { date: formatDateTime(thread.createdAt, locale) })}
            </time>
          </p>
        </header>
        <div className="py-2">
          <RichContent document={thread.contentJson} />
        </div>
        <footer className="border-t border-slate-200 pt-4 dark:border-slate-800">
          <ReactionBar summary={reactions} />
        </footer>
      </article>

      <section aria-labelledby="balasan-judul">
        <h2 id="balasan-judul" className="mb-4 text-lg font-semibold text-slate-900 dark:text-white">
          {t("thread.repliesHeading", { count: formatNumber(thread.replyCount, locale) })}
        </h2>
        {replies.items.length === 0 ? (
          <p className="text-slate-600 dark:text-slate-400">{t("thread.noReplies")}</p>
        ) : (
          <ReplyList replies={replies.items} />
        )}
        <CursorPager nextCursor={replies.nextCursor} moreLabel="thread.moreReplies" firstLabel="thread.firstReplies" />
      </section>
    </div>
  );
}
