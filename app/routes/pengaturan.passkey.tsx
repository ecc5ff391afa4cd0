import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { browserSupportsWebAuthn, startRegistration } from "@simplewebauthn/browser";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { ConfirmedActionForm } from "~/components/confirmed-action-form.tsx";
import { FailureAlert, failureOf, FormAlert, inputClass, primaryButtonClass, secondaryButtonClass, TextField } from "~/components/form-fields.tsx";
import { SettingsSection } from "~/components/settings-section.tsx";
import { clientErrorMessage } from "~/lib/client-error.ts";
import { formatDateTime } from "~/lib/format.ts";
import { formFields, submitForm } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";
import { useTRPC, withApi } from "~/lib/trpc.tsx";

export async function loader({ context }: LoaderFunctionArgs) {
  return json({ passkeys: await orErrorResponse(context.trpc.user.passkeys.list()) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const fields = formFields(form, ["intent", "id", "name"]);
  const id = Number(fields.id);
  if (fields.intent === "remove") {
    const result = await submitForm(context.trpc.user.passkeys.remove({ id }));
    return result.ok ? json({ done: "removed" as const }) : result.response;
  }
  const result = await submitForm(context.trpc.user.passkeys.rename({ id, name: fields.name }));
  return result.ok ? json({ done: "renamed" as const }) : result.response;
}

/** Adds a passkey: options from the server, the browser's prompt, then the server's check. */
function AddPasskeyForm() {
  const trpc = useTRPC();
  const revalidator = useRevalidator();
  const options = useMutation(trpc.user.passkeys.registerOptions.mutationOptions());
  const verify = useMutation(trpc.user.passkeys.registerVerify.mutationOptions());
  const [supported, setSupported] = useState(true);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  useEffect(() => setSupported(browserSupportsWebAuthn()), []);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "");
    setBusy(true);
    setMessage(null);
    try {
      const optionsJSON = await options.mutateAsync();
      const response = await startRegistration({ optionsJSON });
      const passkey = await verify.mutateAsync({ name, response });
      setMessage({ tone: "success", text: m.passkey_added({ name: passkey.name }) });
      form.reset();
      revalidator.revalidate();
    } catch (error) {
      setMessage({ tone: "error", text: clientErrorMessage(error) });
    } finally {
      setBusy(false);
    }
  }

  if (!supported) return <FormAlert>{m.passkey_unsupported()}</FormAlert>;
  return (
    <form onSubmit={add} className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800">
      {message && <FormAlert tone={message.tone}>{message.text}</FormAlert>}
      <TextField name="name" label={m.passkey_name()} hint={m.passkey_nameHint()} required maxLength={64} autoComplete="off" />
      <button type="submit" disabled={busy} className={`${primaryButtonClass} w-full sm:w-auto`}>
        {busy ? m.form_submitting() : m.passkey_add()}
      </button>
    </form>
  );
}

function PasskeySettings() {
  const locale = useLocale();
  const { passkeys } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const failure = failureOf(outcome);

  return (
    <SettingsSection title={m.settings_passkeys()} intro={m.passkey_intro()}>
      <div className="space-y-4">
        <FailureAlert failure={failure} />
        {passkeys.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">{m.passkey_empty()}</p>
        ) : (
          <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="passkey-list">
            {passkeys.map((passkey) => (
              <li key={passkey.id} className="space-y-2 py-3" data-testid="passkey">
                <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
                  <div className="min-w-0">
                    <p className="font-medium text-slate-900 dark:text-white">
                      {passkey.name}
                      {passkey.backedUp && (
                        <span className="ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">
                          {m.passkey_synced()}
                        </span>
                      )}
                    </p>
                    <p className="text-sm text-slate-600 dark:text-slate-400">
                      {m.passkey_created({ date: formatDateTime(passkey.createdAt, locale) })} ·{" "}
                      {m.passkey_lastUsed({ date: passkey.lastUsedAt ? formatDateTime(passkey.lastUsedAt, locale) : m.date_never() })}
                    </p>
                  </div>
                  <ConfirmedActionForm
                    id={passkey.id}
                    intent="remove"
                    question={m.passkey_confirmRemove({ name: passkey.name })}
                    label={m.action_remove()}
                    disabled={busy}
                  />
                </div>
                <details>
                  <summary className="cursor-pointer text-sm font-medium text-brand-700 dark:text-brand-300">{m.action_rename()}</summary>
                  <Form method="post" className="mt-2 flex flex-col gap-2 sm:flex-row">
                    <input type="hidden" name="id" value={passkey.id} />
                    <label className="sr-only" htmlFor={`passkey-name-${passkey.id}`}>
                      {m.passkey_name()}
                    </label>
                    <input
                      id={`passkey-name-${passkey.id}`}
                      name="name"
                      defaultValue={passkey.name}
                      required
                      maxLength={64}
                      className={inputClass}
                    />
                    <button type="submit" name="intent" value="rename" disabled={busy} className={secondaryButtonClass}>
                      {m.action_save()}
                    </button>
                  </Form>
                </details>
              </li>
            ))}
          </ul>
        )}
        <AddPasskeyForm />
      </div>
    </SettingsSection>
  );
}

export default withApi(PasskeySettings);
