import type { TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../../server/trpc/root.ts";

export type FieldErrors = Record<string, string[] | undefined>;

/**
 * A refusal of a tRPC call, known by its name: `instanceof` would need @trpc/client's code in
 * every page that shows an error, and pages load the client only when a member acts (api.ts).
 */
export function isTRPCClientError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof Error && error.name === "TRPCClientError";
}

/** The message and per-field errors of a refused tRPC call (zod issues arrive as fieldErrors). */
export function describeError(error: unknown): { message: string; fieldErrors: FieldErrors } {
  if (isTRPCClientError(error)) {
    const data = error.data as { fieldErrors?: FieldErrors } | undefined;
    return { message: error.message, fieldErrors: data?.fieldErrors ?? {} };
  }
  return { message: error instanceof Error ? error.message : String(error), fieldErrors: {} };
}
