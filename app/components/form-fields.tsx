import { Link, useNavigation } from "@remix-run/react";
import { useEffect, useId, useState, type InputHTMLAttributes, type ReactNode } from "react";
import { deviceFingerprint } from "~/lib/device-fingerprint.ts";
import * as m from "../../shared/paraglide/messages/_index.js";

export const inputClass =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500 aria-[invalid=true]:border-red-500 dark:border-slate-700 dark:bg-slate-900 dark:text-white";

export const primaryButtonClass =
  "inline-flex items-center justify-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:ring-offset-2 disabled:cursor-not-allowed disabled:opacity-60 dark:focus-visible:ring-offset-slate-900";

export const secondaryButtonClass =
  "inline-flex items-center justify-center rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 disabled:opacity-60 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800";

export const linkClass = "font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-300";

interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  hint?: string;
  errors?: string[] | undefined;
}

/** A labelled input with its hint and validation messages wired up for screen readers. */
export function TextField({ label, hint, errors, ...input }: TextFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        {label}
      </label>
      <input
        id={id}
        className={inputClass}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        {...input}
      />
      {hint && (
        <p id={hintId} className="text-xs text-slate-500 dark:text-slate-400">
          {hint}
        </p>
      )}
      {errorId && (
        <p id={errorId} className="text-sm text-red-600 dark:text-red-400">
          {errors?.join(" ")}
        </p>
      )}
    </div>
  );
}

/** The message of a refused submission, announced to screen readers. */
export function FormAlert({ children, tone = "error" }: { children: ReactNode; tone?: "error" | "success" }) {
  if (!children) return null;
  const colours =
    tone === "error"
      ? "border-red-200 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200"
      : "border-emerald-200 bg-emerald-50 text-emerald-800 dark:border-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-200";
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-lg border px-3 py-2 text-sm ${colours}`}>
      {children}
    </div>
  );
}

/** The refusal among an action's answers (a success has no `formError`). */
export function failureOf<T extends object>(outcome: T | undefined): Extract<T, { formError: string }> | undefined {
  return outcome && "formError" in outcome ? (outcome as Extract<T, { formError: string }>) : undefined;
}

/** A field for choosing a new password, with the rules spelled out. */
export function NewPasswordField({ name, label, errors }: { name: string; label: string; errors: string[] | undefined }) {
  return <TextField name={name} type="password" label={label} hint={m.form_passwordHint()} autoComplete="new-password" required errors={errors} />;
}

/** The alert for a refused submission: the procedure's message, or a pointer to the marked fields. */
export function FailureAlert({ failure }: { failure: { formError: string; fieldErrors: object } | undefined }) {
  if (!failure) return null;
  return <FormAlert>{failure.formError || (Object.keys(failure.fieldErrors).length ? m.form_checkFields() : null)}</FormAlert>;
}

/** A submit button that says it is working while its form's submission is in flight. */
export function SubmitButton({ children, intent }: { children: ReactNode; intent?: string }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && (!intent || navigation.formData?.get("intent") === intent);
  return (
    <button
      type="submit"
      name={intent ? "intent" : undefined}
      value={intent}
      disabled={busy}
      className={`${primaryButtonClass} w-full sm:w-auto`}
    >
      {busy ? m.form_submitting() : children}
    </button>
  );
}

/** Name of the hidden field carrying the browser's device fingerprint in form posts. */
export const FINGERPRINT_FIELD = "deviceFingerprint";

/** Sends this browser's device fingerprint with a form post (device bans). */
export function DeviceFingerprintField() {
  const [value, setValue] = useState("");
  useEffect(() => {
    void deviceFingerprint().then((fingerprint) => setValue(fingerprint ?? ""));
  }, []);
  return <input type="hidden" name={FINGERPRINT_FIELD} value={value} />;
}

/** The card shown once a sign-in or recovery step succeeded: what happened, and where next. */
export function AuthOutcome({ title, message, to, linkLabel }: { title: string; message: string; to: string; linkLabel: string }) {
  return (
    <AuthCard title={title}>
      <FormAlert tone="success">{message}</FormAlert>
      <Link to={to} className={`${linkClass} mt-6 inline-block`}>
        {linkLabel}
      </Link>
    </AuthCard>
  );
}

/** The centred card the sign-up, sign-in and recovery pages sit in. */
export function AuthCard({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <section className="mx-auto w-full max-w-md rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8 dark:border-slate-800 dark:bg-slate-900">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{title}</h1>
      {intro && <div className="mt-1 text-slate-600 dark:text-slate-400">{intro}</div>}
      <div className="mt-6">{children}</div>
    </section>
  );
}
