import { json, redirect, type AppLoadContext } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { z } from "zod";
import { safeRedirectPath } from "./redirect-path.ts";

/** What a form action answers when a procedure refused the submission. */
export interface FormFailure {
  /** The procedure's own message (Indonesian), for the alert above the form. */
  formError: string;
  /** Messages per input name, from the procedure's zod validation. */
  fieldErrors: Record<string, string[] | undefined>;
  /** Which of a page's forms was refused, when it has several. */
  form?: string;
}

/** Form fields as strings (a missing field is ""), for a procedure's input. */
export function formFields<const K extends string>(form: FormData, names: readonly K[]): Record<K, string> {
  return Object.fromEntries(names.map((name) => [name, String(form.get(name) ?? "")])) as Record<K, string>;
}

/**
 * An optional `datetime-local` field as a procedure takes an expiry: empty is none (null). The
 * field carries no zone; it is read in the server's (what a bad value becomes is the procedure's
 * input error).
 */
export function expiryOf(value: string): Date | null {
  return value ? new Date(value) : null;
}

/**
 * Runs a procedure for a form post. A client error (bad input, wrong password, rate limit...)
 * becomes a JSON answer with the procedure's HTTP status and messages for the form to show;
 * anything else is a real failure and propagates to the error boundary.
 */
export async function submitForm<T>(
  call: Promise<T>,
  form?: string,
): Promise<{ ok: true; data: T } | { ok: false; response: ReturnType<typeof json<FormFailure>> }> {
  try {
    return { ok: true, data: await call };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const status = getHTTPStatusCodeFromError(error);
    if (status >= 500) throw error;
    const zodError = error.cause instanceof z.ZodError ? error.cause : null;
    const failure: FormFailure = {
      formError: zodError ? "" : error.message,
      fieldErrors: zodError ? z.flattenError(zodError).fieldErrors : {},
      ...(form ? { form } : {}),
    };
    return { ok: false, response: json(failure, { status }) };
  }
}

/** Whether the forms anonymous visitors post need the CAPTCHA widget. */
export async function captchaEnabled(context: AppLoadContext): Promise<boolean> {
  return (await context.trpc.auth.captchaChallenge()) !== null;
}

/** Where a sign-in form sends the member afterwards: its `?redirectTo=` when safe, else home. */
export function afterSignIn(request: Request): string {
  return safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
}

/**
 * The loader of a sign-up or sign-in page: a member already signed in goes on at once;
 * a visitor gets the form, with the CAPTCHA widget when it is on.
 */
export async function signInPageData(request: Request, context: AppLoadContext) {
  if (await context.trpc.auth.me()) throw redirect(afterSignIn(request));
  return json({ captcha: await captchaEnabled(context) });
}
