import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FailureAlert, failureOf, FormAlert, linkClass, NewPasswordField, SubmitButton, TextField } from "~/components/form-fields.tsx";
import { LocaleSwitch } from "~/components/locale-switch.tsx";
import { SettingsSection } from "~/components/settings-section.tsx";
import { formFields, submitForm } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { orErrorResponse } from "~/lib/loader.server.ts";

export async function loader({ context }: LoaderFunctionArgs) {
  const [profile, badges] = await Promise.all([orErrorResponse(context.trpc.user.profile()), context.trpc.user.badges()]);
  return json({ profile, badges });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  if (form.get("intent") === "primaryBadge") {
    const value = String(form.get("badgeId") ?? "");
    const result = await submitForm(context.trpc.user.setPrimaryBadge({ badgeId: value ? Number(value) : null }), "primaryBadge");
    return result.ok ? json({ saved: "primaryBadge" as const }) : result.response;
  }
  if (form.get("intent") === "password") {
    const result = await submitForm(context.trpc.user.changePassword(formFields(form, ["currentPassword", "newPassword"])), "password");
    return result.ok ? json({ saved: "password" as const }) : result.response;
  }
  const result = await submitForm(context.trpc.user.updateProfile(formFields(form, ["fullName", "avatarUrl", "username"])));
  return result.ok ? json({ saved: "profile" as const }) : result.response;
}

export default function ProfileSettings() {
  const { profile, badges } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  const saved = outcome && "saved" in outcome ? outcome.saved : null;
  const passwordFailure = failure?.form === "password" ? failure : undefined;
  const badgeFailure = failure?.form === "primaryBadge" ? failure : undefined;
  const profileFailure = failure?.form === "password" || badgeFailure ? undefined : failure;

  return (
    <div className="space-y-6">
      <SettingsSection title={m.locale_heading()} intro={m.locale_intro()}>
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-sm text-slate-700 dark:text-slate-300">{m.locale_current()}</p>
          <LocaleSwitch layout="settings" />
        </div>
      </SettingsSection>
      <SettingsSection title={m.profile_heading()}>
        <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
          {m.profile_email({ email: profile.email })}{" "}
          {profile.isVerified ? (
            <span className="text-emerald-700 dark:text-emerald-300">({m.profile_verified()})</span>
          ) : (
            <Link to="/verifikasi-email" className={linkClass}>
              {m.verify_resend()}
            </Link>
          )}
        </p>
        <Form method="post" className="space-y-4" noValidate>
          <FailureAlert failure={profileFailure} />
          {saved === "profile" && <FormAlert tone="success">{m.profile_saved()}</FormAlert>}
          <TextField
            name="username"
            label={m.form_username()}
            hint={m.form_usernameHint()}
            defaultValue={profile.username}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            errors={profileFailure?.fieldErrors.username}
          />
          <TextField name="fullName" label={m.profile_fullName()} defaultValue={profile.fullName ?? ""} autoComplete="name" errors={profileFailure?.fieldErrors.fullName} />
          <TextField
            name="avatarUrl"
            type="url"
            inputMode="url"
            label={m.profile_avatarUrl()}
            hint={m.profile_avatarHint()}
            defaultValue={profile.avatarUrl ?? ""}
            errors={profileFailure?.fieldErrors.avatarUrl}
          />
          <SubmitButton intent="profile">{m.profile_save()}</SubmitButton>
        </Form>
      </SettingsSection>

      <SettingsSection title={m.manage_primary_heading()}>
        <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">{m.manage_primary_intro()}</p>
        {badges.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">{m.manage_primary_noBadges()}</p>
        ) : (
          <Form method="post" className="space-y-4">
            <FailureAlert failure={badgeFailure} />
            {saved === "primaryBadge" && <FormAlert tone="success">{m.manage_primary_saved()}</FormAlert>}
            <fieldset className="space-y-2">
              <legend className="sr-only">{m.manage_primary_heading()}</legend>
              {[{ id: "", name: m.manage_primary_none(), isPrimary: !badges.some((badge) => badge.isPrimary) }, ...badges].map((badge) => (
                <label key={badge.id} className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
                  <input type="radio" name="badgeId" value={badge.id} defaultChecked={badge.isPrimary} />
                  {badge.name}
                </label>
              ))}
            </fieldset>
            <SubmitButton intent="primaryBadge">{m.manage_primary_save()}</SubmitButton>
          </Form>
        )}
      </SettingsSection>

      <SettingsSection title={m.password_heading()}>
        <Form method="post" className="space-y-4" noValidate>
          <FailureAlert failure={passwordFailure} />
          {saved === "password" && <FormAlert tone="success">{m.password_saved()}</FormAlert>}
          {profile.hasPassword && (
            <TextField
              name="currentPassword"
              type="password"
              label={m.password_current()}
              autoComplete="current-password"
              required
              errors={passwordFailure?.fieldErrors.currentPassword}
            />
          )}
          <NewPasswordField name="newPassword" label={m.password_new()} errors={passwordFailure?.fieldErrors.newPassword} />
          <SubmitButton intent="password">{m.password_save()}</SubmitButton>
        </Form>
      </SettingsSection>
    </div>
  );
}
