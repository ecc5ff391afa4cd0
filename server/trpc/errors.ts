import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { DomainError, type DomainErrorKind, RateLimitedError, UnavailableError } from "../platform/errors.ts";
import { isInfrastructureError, OUTAGE_RETRY_AFTER_SECONDS } from "../platform/outage.ts";
import * as m from "../../shared/paraglide/messages/_index.js";


/** The one table from a service's refusal to a tRPC code (and so an HTTP status). */
const CODE_OF: Record<DomainErrorKind, TRPC_ERROR_CODE_KEY> = {
  not_found: "NOT_FOUND",
  unauthenticated: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  conflict: "CONFLICT",
  invalid: "BAD_REQUEST",
  too_large: "PAYLOAD_TOO_LARGE",
  unsupported_type: "UNSUPPORTED_MEDIA_TYPE",
  insufficient_funds: "PAYMENT_REQUIRED",
  rate_limited: "TOO_MANY_REQUESTS",
  unavailable: "SERVICE_UNAVAILABLE",
  upstream_timeout: "GATEWAY_TIMEOUT",
  upstream_failed: "BAD_GATEWAY",
  aborted: "CLIENT_CLOSED_REQUEST",
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
 * an outage of a database or Redis as SERVICE_UNAVAILABLE (the original error as its cause:
 * logged, never sent); anything else is returned as it is, for tRPC to answer as an internal error.
 */
export function toTRPCError(error: unknown, setHeader?: (name: string, value: string) => void): unknown {
  if (error instanceof TRPCError && error.code === "SERVICE_UNAVAILABLE") return error;
  const cause = error instanceof TRPCError && error.cause instanceof DomainError ? error.cause : error;
  const domain =
    !(cause instanceof DomainError) && isInfrastructureError(error)
      ? new UnavailableError(m.error_serviceUnavailable(), OUTAGE_RETRY_AFTER_SECONDS, { cause: error })
      : cause;
  if (!(domain instanceof DomainError)) return error;
  const retryAfter = retryAfterOf(domain);
  if (retryAfter !== undefined) {
    try {
      setHeader?.("Retry-After", String(retryAfter));
    } catch {
      // A streamed batch may have sent its headers already; the message still says when.
    }
  }
  return new TRPCError({ code: trpcCodeOf(domain), message: domain.message, cause: domain });
}

/** The message of an outage (what answers 503), whatever form it arrived in; null for anything else. */
export function outageMessageOf(error: unknown): string | null {
  const mapped = toTRPCError(error);
  return mapped instanceof TRPCError && mapped.code === "SERVICE_UNAVAILABLE" ? mapped.message : null;
}

/**
 * The Retry-After (seconds) of an answer whose errors include an outage, for tRPC's and REST's
 * responseMeta: a context that could not be built (PostgreSQL down) ran no procedure middleware
 * to say when to come back; an error that carries its own wait (an open AI circuit) keeps it.
 */
export function outageRetryAfter(errors: readonly { code: string; cause?: unknown }[]): string | undefined {
  const outage = errors.find((error) => error.code === "SERVICE_UNAVAILABLE");
  if (!outage) return undefined;
  return String((outage.cause instanceof DomainError ? retryAfterOf(outage.cause) : undefined) ?? OUTAGE_RETRY_AFTER_SECONDS);
}
