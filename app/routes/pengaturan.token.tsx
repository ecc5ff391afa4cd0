import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { ConfirmedActionForm } from "~/components/confirmed-action-form.tsx";
import { OneTimeSecret } from "~/components/one-time-secret.tsx";
import { FailureAlert, failureOf, inputClass, SubmitButton, TextField } from "~/components/form-fields.tsx";
import { SettingsSection } from "~/components/settings-section.tsx";
import { formatDateTime } from "~/lib/format.ts";
import { formFields, submitForm } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { type Message, useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";
import { ACCESS_SCOPES, DEFAULT_ACCESS_SCOPES, type AccessScope } from "../../shared/access-scopes.ts";

/** Each scope's label (its identifier stays shown beside it). */
const SCOPE_LABELS: Record<AccessScope, Message> = {
  read: m.scope_read,
  "content:write": m.scope_contentWrite,
  "reactions:write": m.scope_reactionsWrite,
  chat: m.scope_chat,
  "wallet:read": m.scope_walletRead,
  "wallet:spend": m.scope_walletSpend,
  payments: m.scope_payments,
};

const LIFETIMES = [7, 30, 90, 365] as const;

export async function loader({ context }: LoaderFunctionArgs) {
  return json({ tokens: await orErrorResponse(context.trpc.user.accessTokens.list()) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const fields = formFields(form, ["intent", "id", "name", "expiresInDays"]);
  if (fields.intent === "revoke") {
    const result = await submitForm(context.trpc.user.accessTokens.revoke({ id: Number(fields.id) }));
    return result.ok ? json({ revoked: true as const }) : result.response;
  }
  // Checked by the procedure: anything but the offered lifetimes is a BAD_REQUEST.
  const expiresInDays = fields.expiresInDays === "never" ? null : Number(fields.expiresInDays);
  // One value per ticked box; anything else is the procedure's BAD_REQUEST.
  const scopes = form.getAll("scopes").map(String) as AccessScope[];
  const result = await submitForm(
    context.trpc.user.accessTokens.create({ name: fields.name, expiresInDays: expiresInDays as (typeof LIFETIMES)[number] | null, scopes }),
  );
  // The token itself is in this answer only; it is never stored in clear.
  return result.ok ? json({ created: { name: result.data.name, token: result.data.token } }) : result.response;
}

export default function AccessTokenSettings() {
  const locale = useLocale();
  const { tokens } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const failure = failureOf(outcome);
  const created = outcome && "created" in outcome ? outcome.created : null;
  const createForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (created) createForm.current?.reset();
  }, [created]);
  const now = Date.now();

  return (
    <SettingsSection title={m.settings_accessTokens()} intro={m.token_intro()}>
      <div className="space-y-4">
        <FailureAlert failure={failure} />
        {created && (
          <OneTimeSecret value={created.token} testId="new-token">
            {m.token_created({ name: created.name })}
          </OneTimeSecret>
        )}
        {tokens.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">{m.token_empty()}</p>
        ) : (
          <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="token-list">
            {tokens.map((token) => {
              const expired = token.expiresAt !== null && new Date(token.expiresAt).getTime() <= now;
              return (
                <li key={token.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid="token">
                  <div className="min-w-0">
                    <p className="font-medium text-slate-900 dark:text-white">
                      {token.name} <code className="ml-1 font-mono text-xs text-slate-500 dark:text-slate-400">{token.tokenPrefix}…</code>
                    </p>
                    <p className="text-sm text-slate-600 dark:text-slate-400">
                      {[
                        m.token_createdAt({ date: formatDateTime(token.createdAt, locale) }),
                        token.expiresAt
                          ? (expired ? m.token_expired : m.token_expires)({ date: formatDateTime(token.expiresAt, locale) })
                          : m.token_noExpiry(),
                      ].join(" · ")}
                    </p>
                    <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="token-use">
                      {[
                        m.token_lastUsed({ date: token.lastUsedAt ? formatDateTime(token.lastUsedAt, locale) : m.date_never() }) +
                          (token.lastUsedAt && token.lastUsedIp ? ` ${m.token_lastIp({ ip: token.lastUsedIp })}` : ""),
                        token.callsLastDay === null ? m.token_callsUnknown() : m.token_calls({ count: token.callsLastDay }),
                      ].join(" · ")}
                    </p>
                    <p className="break-words text-sm text-slate-600 dark:text-slate-400">
                      {m.token_scopeList()}{" "}
                      {token.scopes.map((scope) => (
                        <code key={scope} className="mr-1 rounded bg-slate-100 px-1 font-mono text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-200">
                          {scope}
                        </code>
                      ))}
                    </p>
                  </div>
                  <ConfirmedActionForm
                    id={token.id}
                    intent="revoke"
                    question={m.token_confirmRevoke({ name: token.name })}
                    label={m.token_revoke()}
                    disabled={busy}
                  />
                </li>
              );
            })}
          </ul>
        )}
        <Form ref={createForm} method="post" className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800" noValidate>
          <TextField name="name" label={m.token_name()} required maxLength={64} autoComplete="off" errors={failure?.fieldErrors.name} />
          <div className="space-y-1">
            <label htmlFor="token-expiry" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
              {m.token_expiry()}
            </label>
            <select id="token-expiry" name="expiresInDays" defaultValue="90" className={inputClass}>
              {LIFETIMES.map((days) => (
                <option key={days} value={days}>
                  {m.token_days({ count: days })}
                </option>
              ))}
              <option value="never">{m.token_noExpiry()}</option>
            </select>
          </div>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">{m.token_scopes()}</legend>
            <p className="text-sm text-slate-600 dark:text-slate-400" id="token-scopes-hint">
              {m.token_scopesHint()}
            </p>
            {failure?.fieldErrors.scopes && (
              <p className="text-sm text-red-700 dark:text-red-400" role="alert">
                {failure.fieldErrors.scopes.join(" ")}
              </p>
            )}
            {ACCESS_SCOPES.map((scope) => (
              <label key={scope} className="flex min-h-[2.75rem] items-start gap-3 text-sm text-slate-800 dark:text-slate-200">
                <input
                  type="checkbox"
                  name="scopes"
                  value={scope}
                  defaultChecked={DEFAULT_ACCESS_SCOPES.includes(scope)}
                  aria-describedby="token-scopes-hint"
                  className="mt-0.5 h-5 w-5 shrink-0 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
                />
                <span>
                  {SCOPE_LABELS[scope]()} <code className="font-mono text-xs text-slate-500 dark:text-slate-400">{scope}</code>
                </span>
              </label>
            ))}
          </fieldset>
          <p className="text-sm text-slate-600 dark:text-slate-400">{m.token_rateLimit()}</p>
          <SubmitButton intent="create">{m.token_create()}</SubmitButton>
        </Form>
      </div>
    </SettingsSection>
  );
}
