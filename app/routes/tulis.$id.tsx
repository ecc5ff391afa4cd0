import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ThreadForm } from "~/components/thread-form.tsx";
import * as m from "../../shared/paraglide/messages/_index.js";
import { orErrorResponse, parseIdParam } from "~/lib/loader.server.ts";
import { requireMember } from "~/lib/viewer.server.ts";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireMember(context.trpc, request);
  const id = parseIdParam(params.id);
  const [thread, categories] = await orErrorResponse(
    Promise.all([context.trpc.thread.byId({ id }), context.trpc.category.list()]),
  );
  // The server refuses the update anyway; this spares the author-to-be a form they cannot save.
  if (thread.author.id !== user.id) {
    throw new Response(m.threadForm_notAuthor(), { status: 403 });
  }
  return json({ thread, categories });
}

export const meta: MetaFunction = () => [
  { title: `${m.threadForm_editTitle()} · ${m.site_name()}` },
  { name: "robots", content: "noindex" },
];

export default function EditThreadPage() {
  const { thread, categories } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl dark:text-white">{m.threadForm_editTitle()}</h1>
      <ThreadForm
        threadId={thread.id}
        categories={categories}
        initial={{
          title: thread.title,
          summary: thread.summary,
          categorySlug: thread.category.slug,
          contentJson: thread.contentJson,
        }}
      />
    </div>
  );
}
