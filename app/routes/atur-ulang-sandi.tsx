import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthCard, AuthOutcome, FailureAlert, failureOf, linkClass, NewPasswordField, SubmitButton } from "~/components/form-fields.tsx";
import { formFields, submitForm } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";

export const meta: MetaFunction = () => [{ title: `${m.reset_title()} · ${m.site_name()}` }];

export function loader({ request }: LoaderFunctionArgs) {
  return json({ token: new URL(request.url).searchParams.get("token") ?? "" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const result = await submitForm(context.trpc.auth.resetPassword(formFields(await request.formData(), ["token", "password"])));
  return result.ok ? json({ done: true as const }) : result.response;
}

export default function ResetPasswordPage() {
  const { token } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);

  if (outcome && "done" in outcome) {
    return <AuthOutcome title={m.reset_title()} message={m.reset_done()} to="/masuk" linkLabel={m.nav_signIn()} />;
  }
  return (
    <AuthCard title={m.reset_title()}>
      <Form method="post" className="space-y-4" noValidate>
        {/* A broken link's token errors show in the alert: the field itself is hidden. */}
        <FailureAlert failure={failure && { ...failure, formError: failure.formError || (failure.fieldErrors.token?.join(" ") ?? "") }} />
        <input type="hidden" name="token" value={token} />
        <NewPasswordField name="password" label={m.reset_newPassword()} errors={failure?.fieldErrors.password} />
        <SubmitButton>{m.reset_submit()}</SubmitButton>
      </Form>
      <p className="mt-6 text-sm">
        <Link to="/lupa-sandi" className={linkClass}>
          {m.forgot_title()}
        </Link>
      </p>
    </AuthCard>
  );
}
