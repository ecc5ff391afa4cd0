import * as m from "../../shared/paraglide/messages/_index.js";
import { intlLocale, type Locale } from "../../shared/locale.ts";
import { currentLocale } from "./request-context.ts";

/**
 * The refusals services make on purpose, each with a message a person understands, in the
 * request's language (messages/*.json, rendered where the error is made). Services and platform pieces throw these, never
 * transport errors; `server/trpc/errors.ts` is the one place that turns each kind into a tRPC
 * code (and so an HTTP status), so one refusal always gets one status.
 */
export type DomainErrorKind =
  | "not_found"
  | "unauthenticated"
  | "forbidden"
  | "conflict"
  | "invalid"
  | "too_large"
  | "unsupported_type"
  | "insufficient_funds"
  | "rate_limited"
  | "unavailable"
  | "upstream_timeout"
  | "upstream_failed"
  | "aborted";

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** What was asked for does not exist, or the caller may not know that it does. */
export class NotFoundError extends DomainError {
  readonly kind = "not_found";
}

/** Nobody (or not yet a full session) is signed in. */
export class UnauthenticatedError extends DomainError {
  readonly kind = "unauthenticated";
}

/** The caller is known but may not do this. */
export class ForbiddenError extends DomainError {
  readonly kind = "forbidden";
}

/** The request clashes with the current state (already done, in progress, taken). */
export class ConflictError extends DomainError {
  readonly kind = "conflict";
}

/** The input passed its schema but breaks a rule (a wrong code, an expired link). */
export class InvalidError extends DomainError {
  readonly kind = "invalid";
}

/** The input is bigger than a limit allows (an upload over its size, a quota used up). */
export class TooLargeError extends DomainError {
  readonly kind = "too_large";
}

/** The input is of a kind that is not accepted (an upload that is no PDF, image or text). */
export class UnsupportedTypeError extends DomainError {
  readonly kind = "unsupported_type";
}

/** A wallet cannot cover the amount: tokens or rupiah. */
export class InsufficientFundsError extends DomainError {
  readonly kind = "insufficient_funds";
  constructor(
    message: string,
    readonly needed: number,
    readonly available: number,
  ) {
    super(message);
  }
}

/**
 * How long to wait, as a person reads it in the request's language: "45 detik" / "45 seconds",
 * "3 menit" / "3 minutes", "1 jam" / "1 hour" (Intl's units carry each language's plural forms).
 */
export function waitText(seconds: number, locale = currentLocale()): string {
  const [amount, unit] =
    seconds < 120 ? [seconds, "second"] : seconds < 2 * 60 * 60 ? [Math.ceil(seconds / 60), "minute"] : [Math.ceil(seconds / (60 * 60)), "hour"];
  return waitFormat(locale, unit).format(amount);
}

// Built once per language and unit: a flood of refused requests (each 429 says its wait) would
// otherwise build an Intl formatter per response, far costlier than using one.
const waitFormats = new Map<string, Intl.NumberFormat>();
function waitFormat(locale: Locale, unit: string): Intl.NumberFormat {
  const key = `${locale}:${unit}`;
  let format = waitFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale[locale], { style: "unit", unit, unitDisplay: "long" });
    waitFormats.set(key, format);
  }
  return format;
}

/** A key used up its attempts; the caller may retry after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  readonly kind = "rate_limited";
  constructor(
    readonly retryAfterSeconds: number,
    message = m.error_rateLimited({ wait: waitText(retryAfterSeconds) }),
  ) {
    super(message);
  }
}

/** A service the request needs (a database, a circuit-broken provider) cannot answer now. */
export class UnavailableError extends DomainError {
  readonly kind = "unavailable";
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A third-party service took too long. */
export class UpstreamTimeoutError extends DomainError {
  readonly kind = "upstream_timeout";
}

/** A third-party service answered with an error or nonsense. */
export class UpstreamFailedError extends DomainError {
  readonly kind = "upstream_failed";
}

/** The caller went away (closed the page, pressed stop) before the answer was ready. */
export class AbortedError extends DomainError {
  readonly kind = "aborted";
}
