import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes, randomUUID } from "node:crypto";
import { DEFAULT_LOCALE, provideRequestLocale, resolveLocale, type Locale } from "../../shared/locale.ts";
import { overwriteGetLocale } from "../../shared/paraglide/runtime.js";

/** What every log line and outgoing call made while serving one request should carry. */
export interface RequestContext {
  requestId: string;
  traceId: string;
  spanId: string;
  /** The interface language of this request's answer (shared/locale.ts). */
  locale: Locale;
}

const storage = new AsyncLocalStorage<RequestContext>();
// Messages rendered by the Remix build speak the request's language (app/entry.server.tsx).
provideRequestLocale(() => storage.getStore()?.locale);
// So do the server's own (refusals, validation messages): `m.key()` without a locale is this
// request's language, Indonesian outside a request. Mail and jobs pass the recipient's locale.
overwriteGetLocale(() => currentLocale());

/** The language of the request being served; Indonesian outside one. */
export function currentLocale(): Locale {
  return storage.getStore()?.locale ?? DEFAULT_LOCALE;
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/**
 * Runs `fn` speaking `locale`, the rest of the current request context kept: an in-process
 * caller (a test, a job) whose tRPC context says a language its async context does not.
 */
export function runWithLocale<T>(locale: Locale, fn: () => T): T {
  const current = storage.getStore();
  if (current?.locale === locale) return fn();
  return storage.run({ ...(current ?? requestContextFromHeaders({})), locale }, fn);
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/**
 * Builds the context of an incoming request: its id (a well-formed X-Request-Id from a proxy
 * is kept), a W3C trace context continuing the caller's trace, with a new span of our own, and
 * the language to answer in.
 */
export function requestContextFromHeaders(headers: {
  requestId?: string | undefined;
  traceparent?: string | undefined;
  cookie?: string | undefined;
  acceptLanguage?: string | undefined;
}): RequestContext {
  const requestId =
    headers.requestId && REQUEST_ID.test(headers.requestId) ? headers.requestId : randomUUID();
  const parent = headers.traceparent ? TRACEPARENT.exec(headers.traceparent.trim()) : null;
  const traceId =
    parent && !/^0+$/.test(parent[1]!) ? parent[1]! : randomBytes(16).toString("hex");
  return {
    requestId,
    traceId,
    spanId: randomBytes(8).toString("hex"),
    locale: resolveLocale({ cookie: headers.cookie, acceptLanguage: headers.acceptLanguage }),
  };
}

/** The traceparent header to send downstream (and back to the client) for this context. */
export function traceparentOf(context: RequestContext): string {
  return `00-${context.traceId}-${context.spanId}-01`;
}
