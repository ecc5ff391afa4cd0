import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AuthCard, FailureAlert, FormAlert, linkClass, SubmitButton, TextField } from "~/components/form-fields.tsx";
import { formFields, submitForm } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { safeRedirectPath } from "~/lib/redirect-path.ts";

// /admin/masuk: outside the admin layout (the trailing underscore), which needs an admin signed in.

export const meta: MetaFunction = () => [
  { title: `${m.admin_signIn_title()} · ${m.site_name()}` },
  { name: "robots", content: "noindex, nofollow" },
];

function afterSignIn(request: Request): string {
  return safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "/admin");
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { status } = await context.trpc.admin.auth.status();
  if (status === "signedIn") throw redirect(afterSignIn(request));
  const params = new URL(request.url).searchParams;
  return json({ step: status === "pendingTotp" ? ("code" as const) : ("password" as const), setupDone: params.has("siap"), signedOut: params.has("keluar") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const fields = formFields(await request.formData(), ["intent", "email", "password", "code"]);
  const auth = context.trpc.admin.auth;
  if (fields.intent === "startOver") {
    await auth.signOut();
    return redirect(new URL(request.url).pathname + new URL(request.url).search);
  }
  if (fields.intent === "code") {
    const result = await submitForm(auth.verifyTotp({ code: fields.code }), "code");
    return result.ok ? redirect(afterSignIn(request)) : result.response;
  }
  const result = await submitForm(auth.signIn({ email: fields.email, password: fields.password }), "password");
  if (!result.ok) return result.response;
  // The loader now finds the session waiting for its code and shows that step.
  return redirect(new URL(request.url).pathname + new URL(request.url).search);
}

export default function AdminSignInPage() {
  const { step, setupDone, signedOut } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  if (step === "code") {
    return (
      <AuthCard title={m.admin_signIn_codeTitle()} intro={m.admin_signIn_codeIntro()}>
        <Form method="post" className="space-y-4" noValidate>
          <FailureAlert failure={failure?.form === "code" ? failure : undefined} />
          <input type="hidden" name="intent" value="code" />
          <TextField
            name="code"
            label={m.admin_signIn_code()}
            autoComplete="one-time-code"
            inputMode="numeric"
            pattern="[0-9]{6}"
            maxLength={6}
            autoFocus
            required
            errors={failure?.form === "code" ? failure.fieldErrors.code : undefined}
          />
          <SubmitButton>{m.admin_signIn_verify()}</SubmitButton>
        </Form>
        <Form method="post" className="mt-6">
          <input type="hidden" name="intent" value="startOver" />
          <button type="submit" className={`${linkClass} text-sm`}>
            {m.admin_signIn_startOver()}
          </button>
        </Form>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={m.admin_signIn_title()} intro={m.admin_signIn_intro()}>
      {setupDone && <FormAlert tone="success">{m.admin_signIn_setupDone()}</FormAlert>}
      {signedOut && <FormAlert tone="success">{m.admin_signIn_signedOut()}</FormAlert>}
      <Form method="post" className="mt-4 space-y-4" noValidate>
        <FailureAlert failure={failure?.form === "password" ? failure : undefined} />
        <input type="hidden" name="intent" value="password" />
        <TextField
          name="email"
          type="email"
          label={m.admin_signIn_email()}
          autoComplete="username"
          autoFocus
          required
          maxLength={254}
          errors={failure?.form === "password" ? failure.fieldErrors.email : undefined}
        />
        <TextField
          name="password"
          type="password"
          label={m.admin_signIn_password()}
          autoComplete="current-password"
          required
          maxLength={128}
          errors={failure?.form === "password" ? failure.fieldErrors.password : undefined}
        />
        <SubmitButton>{m.admin_signIn_next()}</SubmitButton>
      </Form>
    </AuthCard>
  );
}
