import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { CopyButton } from "~/components/copy-button.tsx";
import { TotpSecret } from "~/components/totp-secret.tsx";
import { FailureAlert, failureOf, FormAlert, SubmitButton, TextField } from "~/components/form-fields.tsx";
import { SettingsSection } from "~/components/settings-section.tsx";
import { formFields, submitForm } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { orErrorResponse } from "~/lib/loader.server.ts";

export async function loader({ context }: LoaderFunctionArgs) {
  return json({ status: await orErrorResponse(context.trpc.user.twoFactor.status()) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const fields = formFields(await request.formData(), ["intent", "code", "password"]);
  const twoFactor = context.trpc.user.twoFactor;
  switch (fields.intent) {
    case "begin": {
      const result = await submitForm(twoFactor.beginSetup());
      return result.ok ? json({ setup: result.data }) : result.response;
    }
    case "disable": {
      const result = await submitForm(twoFactor.disable({ password: fields.password, code: fields.code }));
      return result.ok ? json({ disabled: true as const }) : result.response;
    }
    case "regenerate": {
      const result = await submitForm(twoFactor.regenerateBackupCodes({ code: fields.code }));
      return result.ok ? json({ backupCodes: result.data.backupCodes }) : result.response;
    }
    default: {
      const result = await submitForm(twoFactor.confirmSetup({ code: fields.code }));
      return result.ok ? json({ backupCodes: result.data.backupCodes }) : result.response;
    }
  }
}

type Outcome = ReturnType<typeof useActionData<typeof action>>;
type Setup = Extract<NonNullable<Outcome>, { setup: unknown }>["setup"];

/** Ten codes, shown this once. */
function BackupCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <div className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950/40" role="status">
      <h3 className="font-semibold text-slate-900 dark:text-white">{m.twoFactor_backupTitle()}</h3>
      <p className="text-sm text-slate-700 dark:text-slate-300">{m.twoFactor_backupIntro()}</p>
      <ul className="grid grid-cols-2 gap-2 font-mono text-sm" data-testid="backup-codes">
        {codes.map((code) => (
          <li key={code} className="rounded bg-white px-2 py-1 text-center dark:bg-slate-900" data-testid="backup-code">
            {code}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <CopyButton text={codes.join("\n")} />
        <button type="button" onClick={onDone} className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-300">
          {m.twoFactor_backupDone()}
        </button>
      </div>
    </div>
  );
}

function Enrolment({ setup, failure }: { setup: Setup | null; failure: { formError: string; fieldErrors: Record<string, string[] | undefined> } | undefined }) {
  if (!setup) {
    return (
      <Form method="post">
        <SubmitButton intent="begin">{m.twoFactor_enable()}</SubmitButton>
      </Form>
    );
  }
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700 dark:text-slate-300">{m.twoFactor_scan()}</p>
      <TotpSecret qrCode={setup.qrCode} secret={setup.secret} qrAlt={m.twoFactor_qrAlt()} secretLabel={m.twoFactor_secret()} />
      <Form method="post" className="space-y-3" noValidate>
        <TextField
          name="code"
          label={m.twoFactor_confirmCode()}
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          maxLength={16}
          errors={failure?.fieldErrors.code}
        />
        <SubmitButton intent="confirm">{m.twoFactor_confirm()}</SubmitButton>
      </Form>
    </div>
  );
}

export default function TwoFactorSettings() {
  const { status } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  // Kept across a mistyped confirmation code, which answers with a failure instead.
  const [setup, setSetup] = useState<Setup | null>(null);
  const [backupCodes, setBackupCodes] = useState<string[] | null>(null);
  useEffect(() => {
    if (outcome && "setup" in outcome) setSetup(outcome.setup);
    if (outcome && "backupCodes" in outcome) {
      setSetup(null);
      setBackupCodes(outcome.backupCodes);
    }
  }, [outcome]);

  return (
    <SettingsSection title={m.settings_twoFactor()} intro={m.twoFactor_settingsIntro()}>
      <div className="space-y-5">
        <p className="text-sm">
          <span
            className={`rounded-full px-2 py-0.5 text-xs font-medium ${
              status.enabled
                ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200"
                : "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300"
            }`}
            data-testid="two-factor-status"
          >
            {status.enabled ? m.twoFactor_on() : m.twoFactor_off()}
          </span>
          {status.enabled && (
            <span className="ml-2 text-slate-600 dark:text-slate-400">
              {m.twoFactor_backupRemaining({ count: status.backupCodesRemaining })}
            </span>
          )}
        </p>
        <FailureAlert failure={failure} />
        {backupCodes && <BackupCodes codes={backupCodes} onDone={() => setBackupCodes(null)} />}
        {!status.enabled && <Enrolment setup={setup} failure={failure} />}
        {status.enabled && (
          <>
            <Form method="post" className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800" noValidate>
              <h3 className="font-medium text-slate-900 dark:text-white">{m.twoFactor_regenerate()}</h3>
              <p className="text-sm text-slate-600 dark:text-slate-400">{m.twoFactor_regenerateHint()}</p>
              <TextField name="code" label={m.twoFactor_confirmCode()} inputMode="numeric" autoComplete="one-time-code" required maxLength={6} />
              <SubmitButton intent="regenerate">{m.twoFactor_regenerate()}</SubmitButton>
            </Form>
            <Form method="post" className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800" noValidate>
              <h3 className="font-medium text-slate-900 dark:text-white">{m.twoFactor_disable()}</h3>
              <p className="text-sm text-slate-600 dark:text-slate-400">{m.twoFactor_disableHint()}</p>
              <TextField name="password" type="password" label={m.form_password()} autoComplete="current-password" required />
              <TextField name="code" label={m.twoFactor_code()} autoComplete="one-time-code" required maxLength={16} />
              <SubmitButton intent="disable">{m.twoFactor_disable()}</SubmitButton>
            </Form>
          </>
        )}
        {outcome && "disabled" in outcome && <FormAlert tone="success">{m.twoFactor_disabled()}</FormAlert>}
      </div>
    </SettingsSection>
  );
}
