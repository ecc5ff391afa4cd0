import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { DomainError, type DomainErrorKind, RateLimitedError, UnavailableError } from "../platform/errors.ts";

/** The one table from a service's refusal to a tRPC code (and so an HTTP status). */
const CODE_OF: Record<DomainErrorKind, TRPC_ERROR_CODE_KEY> = {
  not_found: "NOT_FOUND",
  unauthenticated: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  conflict: "CONFLICT",
  invalid: "BAD_REQUEST",
  too_large: "PAYLOAD_TOO_LARGE",
  insufficient_funds: "PAYMENT_REQUIRED",
  rate_limited: "TOO_MANY_REQUESTS",
  unavailable: "SERVICE_UNAVAILABLE",
  upstream_timeout: "GATEWAY_TIMEOUT",
  upstream_failed: "BAD_GATEWAY",
};

export function trpcCodeOf(error: DomainError): TRPC_ERROR_CODE_KEY {
  return CODE_OF[error.kind];
}

/** Seconds the caller should wait before retrying, for a `Retry-After` header. */
export function retryAfterOf(error: DomainError): number | undefined {
  if (error instanceof RateLimitedError) return error.retryAfterSeconds;
  if (error instanceof UnavailableError) return error.retryAfterSeconds;
  return undefined;
}

/**
 * A domain error as the tRPC error the client receives (its message kept, its cause attached);
 * anything else is returned as it is, for tRPC to answer as an internal error.
 */
export function toTRPCError(error: unknown, setHeader?: (name: string, value: string) => void): unknown {
  const domain = error instanceof TRPCError && error.cause instanceof DomainError ? error.cause : error;
  if (!(domain instanceof DomainError)) return error;
  const retryAfter = retryAfterOf(domain);
  if (retryAfter !== undefined) setHeader?.("Retry-After", String(retryAfter));
  return new TRPCError({ code: trpcCodeOf(domain), message: domain.message, cause: domain });
}
