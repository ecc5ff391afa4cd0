import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FailureAlert, failureOf, FormAlert, secondaryButtonClass } from "~/components/form-fields.tsx";
import { SettingsSection } from "~/components/settings-section.tsx";
import { formatDateTime } from "~/lib/format.ts";
import { formFields, submitForm } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";

export async function loader({ context }: LoaderFunctionArgs) {
  return json({ sessions: await orErrorResponse(context.trpc.user.sessions.list()) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  if (form.get("intent") === "revokeOthers") {
    const result = await submitForm(context.trpc.user.sessions.revokeOthers());
    return result.ok ? json({ revokedOthers: result.data.revoked }) : result.response;
  }
  const result = await submitForm(context.trpc.user.sessions.revoke(formFields(form, ["id"])));
  return result.ok ? json({ revokedOne: true as const }) : result.response;
}

export default function SessionsSettings() {
  const locale = useLocale();
  const navigation = useNavigation();
  const { sessions } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  const busy = navigation.state === "submitting";
  const others = sessions.filter((session) => !session.isCurrent);

  return (
    <SettingsSection title={m.sessions_heading()} intro={m.sessions_intro()}>
      <div className="space-y-4">
        <FailureAlert failure={failure} />
        {outcome && "revokedOne" in outcome && <FormAlert tone="success">{m.sessions_revoked()}</FormAlert>}
        {outcome && "revokedOthers" in outcome && (
          <FormAlert tone="success">{m.sessions_revokedOthers({ count: outcome.revokedOthers })}</FormAlert>
        )}
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="session-list">
          {sessions.map((session) => {
            const device = session.device ?? m.sessions_unknownDevice();
            return (
              <li key={session.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid="session">
                <div className="min-w-0">
                  <p className="font-medium text-slate-900 dark:text-white">
                    {device}
                    {session.isCurrent && (
                      <span className="ml-2 rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200">
                        {m.sessions_thisDevice()}
                      </span>
                    )}
                  </p>
                  <p className="text-sm text-slate-600 dark:text-slate-400">
                    {[
                      session.ipAddress && m.sessions_ip({ ip: session.ipAddress }),
                      m.sessions_created({ date: formatDateTime(session.createdAt, locale) }),
                      m.sessions_lastActive({ date: formatDateTime(session.lastActiveAt, locale) }),
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </p>
                  {session.userAgent && <p className="truncate text-xs text-slate-600 dark:text-slate-400" title={session.userAgent}>{session.userAgent}</p>}
                </div>
                {!session.isCurrent && (
                  <Form method="post">
                    <input type="hidden" name="id" value={session.id} />
                    <button type="submit" name="intent" value="revoke" disabled={busy} className={secondaryButtonClass} aria-label={m.sessions_revokeLabel({ device })}>
                      {m.sessions_revoke()}
                    </button>
                  </Form>
                )}
              </li>
            );
          })}
        </ul>
        {others.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">{m.sessions_empty()}</p>
        ) : (
          <Form method="post">
            <button type="submit" name="intent" value="revokeOthers" disabled={busy} className={secondaryButtonClass}>
              {m.sessions_revokeOthers()}
            </button>
          </Form>
        )}
      </div>
    </SettingsSection>
  );
}
