import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CAPTCHA_FIELD, CaptchaField } from "~/components/captcha-field.tsx";
import { AuthCard, AuthOutcome, FailureAlert, failureOf, SubmitButton, TextField } from "~/components/form-fields.tsx";
import { captchaEnabled, formFields, submitForm } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";

export const meta: MetaFunction = () => [{ title: `${m.forgot_title()} · ${m.site_name()}` }];

export async function loader({ context }: LoaderFunctionArgs) {
  return json({ captcha: await captchaEnabled(context) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const fields = formFields(await request.formData(), ["email", CAPTCHA_FIELD]);
  const result = await submitForm(context.trpc.auth.requestPasswordReset(fields));
  return result.ok ? json({ sentTo: fields.email.trim() }) : result.response;
}

export default function ForgotPasswordPage() {
  const { captcha } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);

  if (outcome && "sentTo" in outcome) {
    return <AuthOutcome title={m.forgot_title()} message={m.forgot_sent({ email: outcome.sentTo })} to="/masuk" linkLabel={m.nav_signIn()} />;
  }
  return (
    <AuthCard title={m.forgot_title()} intro={m.forgot_intro()}>
      <Form method="post" className="space-y-4" noValidate>
        <FailureAlert failure={failure} />
        <TextField name="email" type="email" label={m.form_email()} autoComplete="email" required errors={failure?.fieldErrors.email} />
        <CaptchaField enabled={captcha} attempt={outcome} />
        <SubmitButton>{m.forgot_submit()}</SubmitButton>
      </Form>
    </AuthCard>
  );
}
