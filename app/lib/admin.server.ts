import { redirect } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { orErrorResponse } from "./loader.server.ts";
import { withRedirect } from "./redirect-path.ts";

/** The admin sign-in page, coming back to this request's page afterwards. */
export function adminSignInPath(request: Request): string {
  const url = new URL(request.url);
  return withRedirect("/admin/masuk", `${url.pathname}${url.search}`);
}

/**
 * Awaits a staff procedure for an admin page's loader or action: without an admin session past
 * two-factor (FORBIDDEN) the browser goes to the admin sign-in, whichever loader of the page
 * notices first; other client errors become their HTTP status (orErrorResponse).
 */
export async function adminCall<T>(request: Request, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof TRPCError && error.code === "FORBIDDEN") throw redirect(adminSignInPath(request));
    return orErrorResponse(Promise.reject(error));
  }
}
