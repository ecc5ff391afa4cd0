import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CAPTCHA_FIELD, CaptchaField } from "~/components/captcha-field.tsx";
import { AuthCard, AuthOutcome, FailureAlert, failureOf, SubmitButton, TextField } from "~/components/form-fields.tsx";
import { captchaEnabled, formFields, submitForm } from "~/lib/form-action.server.ts";
import { t as translateDefault, useT } from "~/lib/i18n.ts";

export const meta: MetaFunction = () => [{ title: `${translateDefault("forgot.title")} · ${translateDefault("site.name")}` }];

export async function loader({ context }: LoaderFunctionArgs) {
  return json({ captcha: await captchaEnabled(context) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const fields = formFields(await request.formData(), ["email", CAPTCHA_FIELD]);
  const result = await submitForm(context.trpc.auth.requestPasswordReset(fields));
  return result.ok ? json({ sentTo: fields.email.trim() }) : result.response;
}

export default function ForgotPasswordPage() {
  const t = useT();
  const { captcha } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);

  if (outcome && "sentTo" in outcome) {
    return <AuthOutcome title={t("forgot.title")} message={t("forgot.sent", { email: outcome.sentTo })} to="/masuk" linkLabel={t("nav.signIn")} />;
  }
  return (
    <AuthCard title={t("forgot.title")} intro={t("forgot.intro")}>
      <Form method="post" className="space-y-4" noValidate>
        <FailureAlert failure={failure} />
        <TextField name="email" type="email" label={t("form.email")} autoComplete="email" required errors={failure?.fieldErrors.email} />
        <CaptchaField enabled={captcha} attempt={outcome} />
        <SubmitButton>{t("forgot.submit")}</SubmitButton>
      </Form>
    </AuthCard>
  );
}
