import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CAPTCHA_FIELD, CaptchaField } from "~/components/captcha-field.tsx";
import {
  AuthCard,
  DeviceFingerprintField,
  FailureAlert,
  FINGERPRINT_FIELD,
  linkClass,
  SubmitButton,
  TextField,
} from "~/components/form-fields.tsx";
import { LoginAlternatives } from "~/components/login-alternatives.tsx";
import { afterSignIn, formFields, signInPageData, submitForm } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { withRedirect } from "~/lib/redirect-path.ts";

// A route's meta replaces the root's: the site's description again (Lighthouse's SEO audit wants one).
export const meta: MetaFunction = () => [
  { title: `${m.login_title()} · ${m.site_name()}` },
  { name: "description", content: m.site_tagline() },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return signInPageData(request, context);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const fields = formFields(form, ["identifier", "password", FINGERPRINT_FIELD, CAPTCHA_FIELD]);
  const result = await submitForm(context.trpc.auth.login(fields));
  if (!result.ok) return result.response;
  const destination = afterSignIn(request);
  // The session exists but stays limited until the second factor is given (masuk.2fa.tsx).
  if (result.data.twoFactorRequired) {
    throw redirect(`/masuk/2fa?${new URLSearchParams({ redirectTo: destination })}`);
  }
  return redirect(destination);
}

export default function LoginPage() {
  const { captcha } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [search] = useSearchParams();
  const redirectTo = search.get("redirectTo");
  return (
    <AuthCard title={m.login_title()}>
      <Form method="post" className="space-y-4" noValidate>
        <FailureAlert failure={failure} />
        {failure?.formError ? <p className="text-sm text-slate-500 dark:text-slate-400">{m.login_throttleHint()}</p> : null}
        <TextField
          name="identifier"
          label={m.login_identifier()}
          autoComplete="username webauthn"
          autoCapitalize="none"
          spellCheck={false}
          required
          errors={failure?.fieldErrors.identifier}
        />
        <TextField
          name="password"
          type="password"
          label={m.form_password()}
          autoComplete="current-password"
          required
          errors={failure?.fieldErrors.password}
        />
        <CaptchaField enabled={captcha} attempt={failure} />
        <DeviceFingerprintField />
        <div className="flex flex-col-reverse gap-3 sm:flex-row sm:items-center sm:justify-between">
          <Link to="/lupa-sandi" className={`${linkClass} text-sm`}>
            {m.login_forgot()}
          </Link>
          <SubmitButton>{m.login_submit()}</SubmitButton>
        </div>
      </Form>

      <LoginAlternatives redirectTo={redirectTo} />

      <p className="mt-6 text-sm text-slate-600 dark:text-slate-400">
        {m.login_noAccount()}{" "}
        <Link to={withRedirect("/daftar", redirectTo)} className={linkClass}>
          {m.nav_signUp()}
        </Link>
      </p>
    </AuthCard>
  );
}
