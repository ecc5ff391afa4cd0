import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AuthCard, AuthOutcome, FailureAlert, failureOf, FormAlert, SubmitButton } from "~/components/form-fields.tsx";
import { formFields, submitForm } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";

export const meta: MetaFunction = () => [{ title: `${m.verify_title()} · ${m.site_name()}` }];

// The link only shows a button: mail scanners that fetch links must not spend the token.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await context.trpc.auth.me();
  return json({
    token: new URL(request.url).searchParams.get("token") ?? "",
    member: user && { email: user.email, isVerified: user.isVerified },
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  if (form.get("intent") === "resend") {
    const result = await submitForm(context.trpc.auth.resendVerification());
    return result.ok ? json({ done: "resent" as const }) : result.response;
  }
  const result = await submitForm(context.trpc.auth.verifyEmail(formFields(form, ["token"])));
  return result.ok ? json({ done: "verified" as const }) : result.response;
}

export default function VerifyEmailPage() {
  const { token, member } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  const done = outcome && "done" in outcome ? outcome.done : null;

  if (done === "verified") {
    return <AuthOutcome title={m.verify_title()} message={m.verify_done()} to="/" linkLabel={m.verify_continue()} />;
  }
  return (
    <AuthCard title={m.verify_title()}>
      <div className="space-y-4">
        <FailureAlert failure={failure} />
        {done === "resent" && member && <FormAlert tone="success">{m.verify_resent({ email: member.email })}</FormAlert>}
        {token ? (
          <Form method="post">
            <input type="hidden" name="token" value={token} />
            <SubmitButton intent="verify">{m.verify_title()}</SubmitButton>
          </Form>
        ) : (
          <p className="text-slate-600 dark:text-slate-400">{m.verify_missingToken()}</p>
        )}
        {member && !member.isVerified && (
          <Form method="post" className="border-t border-slate-200 pt-4 dark:border-slate-800">
            <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{m.verify_pending({ email: member.email })}</p>
            <SubmitButton intent="resend">{m.verify_resend()}</SubmitButton>
          </Form>
        )}
      </div>
    </AuthCard>
  );
}
