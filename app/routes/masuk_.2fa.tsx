import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { AuthCard, FailureAlert, linkClass, SubmitButton, TextField } from "~/components/form-fields.tsx";
import { formFields, submitForm } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { safeRedirectPath } from "~/lib/redirect-path.ts";

// /masuk/2fa: the trailing underscore keeps it out of /masuk's layout, which would render the
// password form around it.

export const meta: MetaFunction = () => [{ title: `${m.twoFactor_title()} · ${m.site_name()}` }];

/** Only for a session that passed its password and waits for the second factor. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!(await context.trpc.auth.twoFactor.pending())) {
    const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
    throw redirect((await context.trpc.auth.me()) ? redirectTo : "/masuk");
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const fields = formFields(await request.formData(), ["code"]);
  const result = await submitForm(context.trpc.auth.twoFactor.verify(fields));
  if (!result.ok) return result.response;
  return redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
}

export default function TwoFactorLoginPage() {
  const failure = useActionData<typeof action>();
  return (
    <AuthCard title={m.twoFactor_title()} intro={m.twoFactor_intro()}>
      <Form method="post" className="space-y-4" noValidate>
        <FailureAlert failure={failure} />
        <TextField
          name="code"
          label={m.twoFactor_code()}
          autoComplete="one-time-code"
          autoCapitalize="none"
          spellCheck={false}
          inputMode="text"
          autoFocus
          required
          maxLength={16}
          errors={failure?.fieldErrors.code}
        />
        <SubmitButton>{m.twoFactor_verify()}</SubmitButton>
      </Form>
      <Form method="post" action="/keluar" className="mt-6">
        <button type="submit" className={`${linkClass} text-sm`}>
          {m.twoFactor_useOtherAccount()}
        </button>
      </Form>
    </AuthCard>
  );
}
