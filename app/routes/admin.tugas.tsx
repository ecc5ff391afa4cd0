import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSubmit, useNavigation } from "@remix-run/react";
import { AdminPage, EmptyState } from "~/components/admin-page.tsx";
import { ConfirmButton } from "~/components/confirm-button.tsx";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { FailureAlert, failureOf, FormAlert, secondaryButtonClass } from "~/components/form-fields.tsx";
import { formatDateTime } from "~/lib/format.ts";
import { adminSubmit } from "~/lib/admin.server.ts";
import { t as translateDefault, useLocale, useT } from "~/lib/i18n.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export const meta: MetaFunction = () => [{ title: `${translateDefault("manage.jobs.title")} · Admin` }];

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
  const t = useT();
  const locale = useLocale();
  const { jobs } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  const done = outcome && "done" in outcome ? outcome.done : null;
  const submit = useSubmit();
  const pending = useNavigation().state !== "idle";
  return (
    <AdminPage title={t("manage.jobs.title")} intro={t("manage.jobs.intro")}>
      <FailureAlert failure={failure} />
      {done && <FormAlert tone="success">{t(done === "discard" ? "manage.jobs.discarded" : "manage.jobs.retried")}</FormAlert>}
      {jobs.items.length === 0 ? (
        <EmptyState>{t("manage.jobs.empty")}</EmptyState>
      ) : (
        <ul className="space-y-3">
          {jobs.items.map((job) => (
            <li key={job.id} className="space-y-2 rounded-xl border border-slate-200 p-3 text-sm dark:border-slate-800" data-testid={`job-${job.id}`}>
              <p className="font-mono font-semibold text-slate-900 dark:text-white">
                #{job.id} {job.task}
              </p>
              <dl className="grid gap-1 text-slate-700 sm:grid-cols-2 dark:text-slate-300">
                <div>
                  <dt className="inline font-medium">{t("manage.jobs.attempts")}: </dt>
                  <dd className="inline">
                    {job.attempts}/{job.maxAttempts}
                  </dd>
                </div>
                <div>
                  <dt className="inline font-medium">{t("manage.jobs.updated")}: </dt>
                  <dd className="inline">{formatDateTime(job.updatedAt, locale)}</dd>
                </div>
                <div>
                  <dt className="inline font-medium">{t("manage.jobs.created")}: </dt>
                  <dd className="inline">{formatDateTime(job.createdAt, locale)}</dd>
                </div>
                <div className="sm:col-span-2">
                  <dt className="font-medium">{t("manage.jobs.error")}</dt>
                  <dd>
                    <pre className="mt-1 max-h-40 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-100 p-2 text-xs dark:bg-slate-900">{job.lastError ?? "—"}</pre>
                  </dd>
                </div>
                <div className="sm:col-span-2">
                  <dt className="font-medium">{t("manage.jobs.payload")}</dt>
                  <dd className="break-all font-mono text-xs">{job.payload}</dd>
                </div>
              </dl>
              <div className="flex gap-2">
                <Form method="post">
                  <input type="hidden" name="id" value={job.id} />
                  <button type="submit" name="intent" value="retry" className={secondaryButtonClass}>
                    {t("manage.jobs.retry")}
                  </button>
                </Form>
                <ConfirmButton
                  question={t("manage.jobs.discardConfirm")}
                  pending={pending}
                  className={secondaryButtonClass}
                  onConfirm={() => submit({ id: job.id, intent: "discard" }, { method: "post" })}
                >
                  {t("manage.jobs.discard")}
                </ConfirmButton>
              </div>
            </li>
          ))}
        </ul>
      )}
      <CursorPager nextCursor={jobs.nextCursor} moreLabel="manage.more" firstLabel="manage.first" />
    </AdminPage>
  );
}
