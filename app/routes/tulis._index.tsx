import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ThreadForm } from "~/components/thread-form.tsx";
import * as m from "../../shared/paraglide/messages/_index.js";
import { requireMember } from "~/lib/viewer.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireMember(context.trpc, request);
  const categories = await context.trpc.category.list();
  const requested = new URL(request.url).searchParams.get("kategori");
  const categorySlug = categories.find((category) => category.slug === requested)?.slug ?? categories[0]?.slug ?? "";
  return json({ categories, categorySlug, memberId: member.id });
}

export const meta: MetaFunction = () => [
  { title: `${m.threadForm_newTitle()} · ${m.site_name()}` },
  { name: "robots", content: "noindex" },
];

export default function NewThreadPage() {
  const { categories, categorySlug, memberId } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl dark:text-white">{m.threadForm_newTitle()}</h1>
      <ThreadForm
        categories={categories}
        memberId={memberId}
        initial={{ title: "", summary: "", categorySlug, contentJson: null }}
      />
    </div>
  );
}
