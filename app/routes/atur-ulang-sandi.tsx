import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthCard, AuthOutcome, FailureAlert, failureOf, linkClass, NewPasswordField, SubmitButton } from "~/components/form-fields.tsx";
import { formFields, submitForm } from "~/lib/form-action.server.ts";
import { t as translateDefault, useT } from "~/lib/i18n.ts";

export const meta: MetaFunction = () => [{ title: `${translateDefault("reset.title")} · ${translateDefault("site.name")}` }];

export function loader({ request }: LoaderFunctionArgs) {
  return json({ token: new URL(request.url).searchParams.get("token") ?? "" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const result = await submitForm(context.trpc.auth.resetPassword(formFields(await request.formData(), ["token", "password"])));
  return result.ok ? json({ done: true as const }) : result.response;
}

export default function ResetPasswordPage() {
  const t = useT();
  const { token } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);

  if (outcome && "done" in outcome) {
    return <AuthOutcome title={t("reset.title")} message={t("reset.done")} to="/masuk" linkLabel={t("nav.signIn")} />;
  }
  return (
    <AuthCard title={t("reset.title")}>
      <Form method="post" className="space-y-4" noValidate>
        {/* A broken link's token errors show in the alert: the field itself is hidden. */}
        <FailureAlert failure={failure && { ...failure, formError: failure.formError || (failure.fieldErrors.token?.join(" ") ?? "") }} />
        <input type="hidden" name="token" value={token} />
        <NewPasswordField name="password" label={t("reset.newPassword")} errors={failure?.fieldErrors.password} />
        <SubmitButton>{t("reset.submit")}</SubmitButton>
      </Form>
      <p className="mt-6 text-sm">
        <Link to="/lupa-sandi" className={linkClass}>
          {t("forgot.title")}
        </Link>
      </p>
    </AuthCard>
  );
}
