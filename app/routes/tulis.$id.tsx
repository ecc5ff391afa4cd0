import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ThreadForm } from "~/components/thread-form.tsx";
import { t as translateDefault, useT } from "~/lib/i18n.ts";
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
    throw new Response(translateDefault("threadForm.notAuthor"), { status: 403 });
  }
  return json({ thread, categories });
}

export const meta: MetaFunction = () => [
  { title: `${translateDefault("threadForm.editTitle")} · ${translateDefault("site.name")}` },
  { name: "robots", content: "noindex" },
];

export default function EditThreadPage() {
  const { thread, categories } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl dark:text-white">{t("threadForm.editTitle")}</h1>
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
