import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminSignOutButton } from "~/components/admin-sign-out.tsx";
import { FailureAlert, failureOf, FormAlert, secondaryButtonClass } from "~/components/form-fields.tsx";
import { adminCall, adminSubmit } from "~/lib/admin.server.ts";
import { formatDateTime } from "~/lib/format.ts";
import { formFields } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";

export const meta: MetaFunction = () => [
  { title: `${m.admin_sessions_title()} · ${m.site_name()}` },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return json({ sessions: await adminCall(request, context.trpc.admin.sessions.list()) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  if (form.get("intent") === "revokeOthers") {
    const result = await adminSubmit(request, context.trpc.admin.sessions.revokeOthers());
    return result.ok ? json({ revokedOthers: result.data.count }) : result.response;
  }
  const result = await adminSubmit(request, context.trpc.admin.sessions.revoke(formFields(form, ["id"])));
  return result.ok ? json({ revokedOne: true as const }) : result.response;
}

export default function AdminSessionsPage() {
  const locale = useLocale();
  const navigation = useNavigation();
  const { sessions } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  const busy = navigation.state === "submitting";
  const others = sessions.filter((session) => !session.isCurrent);
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{m.admin_sessions_title()}</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">{m.admin_sessions_intro()}</p>
      <FailureAlert failure={failure} />
      {outcome && "revokedOne" in outcome && <FormAlert tone="success">{m.admin_sessions_revoked()}</FormAlert>}
      {outcome && "revokedOthers" in outcome && <FormAlert tone="success">{m.admin_sessions_othersRevoked({ count: outcome.revokedOthers })}</FormAlert>}
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900" data-testid="admin-session-list">
        {sessions.map((session) => {
          const device = session.device ?? m.admin_sessions_unknownDevice();
          return (
            <li key={session.id} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center sm:justify-between" data-testid="admin-session">
              <div className="min-w-0">
                <p className="font-medium text-slate-900 dark:text-white">
                  {device}
                  {session.isCurrent && (
                    <span className="ml-2 rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200">
                      {m.admin_sessions_current()}
                    </span>
                  )}
                  {!session.twoFactorVerified && (
                    <span className="ml-2 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800 dark:bg-amber-900/50 dark:text-amber-200">
                      {m.admin_sessions_pending()}
                    </span>
                  )}
                </p>
                <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-sm text-slate-600 dark:text-slate-400">
                  <dt>{m.admin_sessions_ip()}</dt>
                  <dd className="break-all">{session.ipAddress ?? "—"}</dd>
                  <dt>{m.admin_sessions_signedIn()}</dt>
                  <dd>{formatDateTime(session.createdAt, locale)}</dd>
                  <dt>{m.admin_sessions_lastActive()}</dt>
                  <dd>{formatDateTime(session.lastActiveAt, locale)}</dd>
                </dl>
              </div>
              {session.isCurrent ? (
                <AdminSignOutButton />
              ) : (
                <Form
                  method="post"
                  onSubmit={(event) => {
                    if (!window.confirm(m.admin_sessions_revokeQuestion())) event.preventDefault();
                  }}
                >
                  <input type="hidden" name="id" value={session.id} />
                  <button type="submit" name="intent" value="revoke" disabled={busy} className={secondaryButtonClass}>
                    {m.admin_sessions_revoke()}
                  </button>
                </Form>
              )}
            </li>
          );
        })}
      </ul>
      {others.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">{m.admin_sessions_onlyThis()}</p>
      ) : (
        <Form
          method="post"
          onSubmit={(event) => {
            if (!window.confirm(m.admin_sessions_revokeOthersQuestion())) event.preventDefault();
          }}
        >
          <button type="submit" name="intent" value="revokeOthers" disabled={busy} className={secondaryButtonClass}>
            {m.admin_sessions_revokeOthers()}
          </button>
        </Form>
      )}
    </section>
  );
}
