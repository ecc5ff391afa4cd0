import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";

const MAX_INT4 = 2_147_483_647;

/** A plain 404 Response for loaders to throw; the root ErrorBoundary renders the page. */
export function notFound(): Response {
  return new Response(null, { status: 404 });
}

/**
 * Awaits a tRPC call and turns its client errors (NOT_FOUND, BAD_REQUEST, ...) into the
 * matching HTTP Response, so the page answers 404/400 instead of a 500.
 */
export async function orErrorResponse<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof TRPCError) {
      const status = getHTTPStatusCodeFromError(error);
      if (status < 500) throw new Response(error.message, { status });
    }
    throw error;
  }
}

/** A positive int4 id from a route parameter, or a 404 for anything else ("abc", "0", "01x"). */
export function parseIdParam(value: string | undefined): number {
  const id = /^[1-9]\d{0,9}$/.test(value ?? "") ? Number(value) : NaN;
  if (!(id <= MAX_INT4)) throw notFound();
  return id;
}
