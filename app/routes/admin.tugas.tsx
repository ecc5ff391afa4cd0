import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSubmit, useNavigation } from "@remix-run/react";
import { AdminPage, EmptyState } from "~/components/admin-page.tsx";
import { ConfirmButton } from "~/components/confirm-button.tsx";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { FailureAlert, failureOf, FormAlert, secondaryButtonClass } from "~/components/form-fields.tsx";
import { formatDateTime } from "~/lib/format.ts";
import { adminSubmit } from "~/lib/admin.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export const meta: MetaFunction = () => [{ title: `${m.manage_jobs_title()} · Admin` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const cursor = new URL(request.url).searchParams.get("cursor") ?? undefined;
  return json({ jobs: await orErrorResponse(context.trpc.admin.jobs.list({ cursor })) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const id = String(form.get("id") ?? "");
  const intent = form.get("intent") === "discard" ? "discard" : "retry";
  const result = await adminSubmit<unknown>(request, intent === "discard" ? context.trpc.admin.jobs.discard({ id }) : context.trpc.admin.jobs.retry({ id }));
  return result.ok ? json({ done: intent }) : result.response;
}

export default function AdminJobs() {
  const locale = useLocale();
  const { jobs } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  const done = outcome && "done" in outcome ? outcome.done : null;
  const submit = useSubmit();
  const pending = useNavigation().state !== "idle";
  return (
    <AdminPage title={m.manage_jobs_title()} intro={m.manage_jobs_intro()}>
      <FailureAlert failure={failure} />
      {done && <FormAlert tone="success">{(done === "discard" ? m.manage_jobs_discarded : m.manage_jobs_retried)()}</FormAlert>}
      {jobs.items.length === 0 ? (
        <EmptyState>{m.manage_jobs_empty()}</EmptyState>
      ) : (
        <ul className="space-y-3">
          {jobs.items.map((job) => (
            <li key={job.id} className="space-y-2 rounded-xl border border-slate-200 p-3 text-sm dark:border-slate-800" data-testid={`job-${job.id}`}>
              <p className="font-mono font-semibold text-slate-900 dark:text-white">
                #{job.id} {job.task}
              </p>
              <dl className="grid gap-1 text-slate-700 sm:grid-cols-2 dark:text-slate-300">
                <div>
                  <dt className="inline font-medium">{m.manage_jobs_attempts()}: </dt>
                  <dd className="inline">
                    {job.attempts}/{job.maxAttempts}
                  </dd>
                </div>
                <div>
                  <dt className="inline font-medium">{m.manage_jobs_updated()}: </dt>
                  <dd className="inline">{formatDateTime(job.updatedAt, locale)}</dd>
                </div>
                <div>
                  <dt className="inline font-medium">{m.manage_jobs_created()}: </dt>
                  <dd className="inline">{formatDateTime(job.createdAt, locale)}</dd>
                </div>
                <div className="sm:col-span-2">
                  <dt className="font-medium">{m.manage_jobs_error()}</dt>
                  <dd>
                    <pre className="mt-1 max-h-40 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-100 p-2 text-xs dark:bg-slate-900">{job.lastError ?? "—"}</pre>
                  </dd>
                </div>
                <div className="sm:col-span-2">
                  <dt className="font-medium">{m.manage_jobs_payload()}</dt>
                  <dd className="break-all font-mono text-xs">{job.payload}</dd>
                </div>
              </dl>
              <div className="flex gap-2">
                <Form method="post">
                  <input type="hidden" name="id" value={job.id} />
                  <button type="submit" name="intent" value="retry" className={secondaryButtonClass}>
                    {m.manage_jobs_retry()}
                  </button>
                </Form>
                <ConfirmButton
                  question={m.manage_jobs_discardConfirm()}
                  pending={pending}
                  className={secondaryButtonClass}
                  onConfirm={() => submit({ id: job.id, intent: "discard" }, { method: "post" })}
                >
                  {m.manage_jobs_discard()}
                </ConfirmButton>
              </div>
            </li>
          ))}
        </ul>
      )}
      <CursorPager nextCursor={jobs.nextCursor} moreLabel={m.manage_more} firstLabel={m.manage_first} />
    </AdminPage>
  );
}
