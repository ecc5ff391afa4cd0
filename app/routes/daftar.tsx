import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CAPTCHA_FIELD, CaptchaField } from "~/components/captcha-field.tsx";
import {
  AuthCard,
  DeviceFingerprintField,
  FINGERPRINT_FIELD,
  FailureAlert,
  linkClass,
  NewPasswordField,
  SubmitButton,
  TextField,
} from "~/components/form-fields.tsx";
import { afterSignIn, formFields, signInPageData, submitForm } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { withRedirect } from "~/lib/redirect-path.ts";

export const meta: MetaFunction = () => [{ title: `${m.register_title()} · ${m.site_name()}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return signInPageData(request, context);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const fields = formFields(form, ["email", "username", "password", FINGERPRINT_FIELD, CAPTCHA_FIELD]);
  const result = await submitForm(context.trpc.auth.register(fields));
  if (!result.ok) return result.response;
  return redirect(afterSignIn(request));
}

export default function RegisterPage() {
  const { captcha } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [search] = useSearchParams();

  return (
    <AuthCard title={m.register_title()} intro={m.register_intro()}>
      <Form method="post" className="space-y-4" noValidate>
        <FailureAlert failure={failure} />
        <TextField name="email" type="email" label={m.form_email()} autoComplete="email" required errors={failure?.fieldErrors.email} />
        <TextField
          name="username"
          label={m.form_username()}
          hint={m.form_usernameHint()}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          errors={failure?.fieldErrors.username}
        />
        <NewPasswordField name="password" label={m.form_password()} errors={failure?.fieldErrors.password} />
        <CaptchaField enabled={captcha} attempt={failure} />
        <DeviceFingerprintField />
        <SubmitButton>{m.register_submit()}</SubmitButton>
      </Form>
      <p className="mt-6 text-sm text-slate-600 dark:text-slate-400">
        {m.register_haveAccount()}{" "}
        <Link to={withRedirect("/masuk", search.get("redirectTo"))} className={linkClass}>
          {m.nav_signIn()}
        </Link>
      </p>
    </AuthCard>
  );
}
