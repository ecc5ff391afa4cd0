import { redirect } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { submitForm } from "./form-action.server.ts";
import { orErrorResponse } from "./loader.server.ts";
import { withRedirect } from "./redirect-path.ts";

/** The admin sign-in page, coming back to this request's page afterwards. */
export function adminSignInPath(request: Request): string {
  const url = new URL(request.url);
  return withRedirect("/admin/masuk", `${url.pathname}${url.search}`);
}

/** Without an admin session past two-factor (FORBIDDEN) the browser goes to the admin sign-in. */
async function signInWhenForbidden<T>(request: Request, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof TRPCError && error.code === "FORBIDDEN") throw redirect(adminSignInPath(request));
    throw error;
  }
}

/**
 * A staff procedure for an admin page's loader: FORBIDDEN goes to the admin sign-in (whichever
 * loader of the page notices first), other client errors become their HTTP status.
 */
export function adminCall<T>(request: Request, call: Promise<T>): Promise<T> {
  return orErrorResponse(signInWhenForbidden(request, call));
}

/** A staff procedure for an admin page's form action: FORBIDDEN as above, other refusals for the form (submitForm). */
export function adminSubmit<T>(request: Request, call: Promise<T>, form?: string) {
  return submitForm(signInWhenForbidden(request, call), form);
}
