import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { useEffect, useState } from "react";
import { TotpSecret } from "~/components/totp-secret.tsx";
import { AuthCard, FailureAlert, failureOf, FormAlert, NewPasswordField, SubmitButton, TextField } from "~/components/form-fields.tsx";
import { formFields, submitForm } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";

// /admin/siapkan/<token>: the one-time link `npm run admin:create` prints. Outside the admin
// layout: nobody is signed in yet.

export const meta: MetaFunction = () => [
  { title: `${m.admin_setup_title()} · ${m.site_name()}` },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    const state = await context.trpc.admin.auth.setupState({ token: params.token ?? "" });
    return json({ state, invalid: null });
  } catch (error) {
    // A used, expired or malformed link: say so on the page, with how to get a new one.
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) {
      return json({ state: null, invalid: error.code === "NOT_FOUND" ? error.message : null }, { status: 404 });
    }
    throw error;
  }
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const fields = formFields(await request.formData(), ["intent", "password", "code"]);
  if (fields.intent === "begin") {
    const result = await submitForm(context.trpc.admin.auth.beginSetup({ token }));
    return result.ok ? json({ setup: result.data }) : result.response;
  }
  const result = await submitForm(context.trpc.admin.auth.setup({ token, password: fields.password, code: fields.code }));
  return result.ok ? redirect("/admin/masuk?siap=1") : result.response;
}

type Outcome = ReturnType<typeof useActionData<typeof action>>;
type Setup = Extract<NonNullable<Outcome>, { setup: unknown }>["setup"];

export default function AdminSetupPage() {
  const { state, invalid } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  // Kept across a refused submission (a mistyped code), which answers with a failure instead.
  const [setup, setSetup] = useState<Setup | null>(null);
  useEffect(() => {
    if (outcome && "setup" in outcome) setSetup(outcome.setup);
  }, [outcome]);

  if (!state) {
    return (
      <AuthCard title={m.admin_setup_invalidTitle()}>
        <FormAlert>{invalid ?? m.admin_setup_invalidTitle()}</FormAlert>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={m.admin_setup_title()} intro={m.admin_setup_intro({ email: state.email })}>
      <FailureAlert failure={failure} />
      {!setup ? (
        <Form method="post" className="mt-4 space-y-4">
          <p className="text-sm text-slate-700 dark:text-slate-300">{m.admin_setup_beginIntro()}</p>
          <SubmitButton intent="begin">{m.admin_setup_begin()}</SubmitButton>
        </Form>
      ) : (
        <Form method="post" className="mt-4 space-y-4" noValidate>
          <p className="text-sm text-slate-700 dark:text-slate-300">{m.admin_setup_stepTotp()}</p>
          <TotpSecret qrCode={setup.qrCode} secret={setup.secret} qrAlt={m.admin_setup_qrAlt()} secretLabel={m.admin_setup_secret()} />
          <TextField
            name="code"
            label={m.admin_setup_code()}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
            errors={failure?.fieldErrors.code}
          />
          <p className="text-sm text-slate-700 dark:text-slate-300">{m.admin_setup_stepPassword()}</p>
          <NewPasswordField name="password" label={m.admin_setup_password()} errors={failure?.fieldErrors.password} />
          <SubmitButton intent="finish">{m.admin_setup_submit()}</SubmitButton>
        </Form>
      )}
    </AuthCard>
  );
}
