import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";
import { requireProcedureScopes } from "../modules/access-token/scopes.ts";
import { isPastSecondFactor, isSecondFactorPending } from "../modules/auth/policies.ts";
import { withWriteLimit } from "../modules/security/write-limits.ts";
import { ForbiddenError, InvalidError, UnauthenticatedError } from "../platform/errors.ts";
import { currentLocale, runWithLocale } from "../platform/request-context.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import type { Context, SessionUser } from "./context.ts";
import { toTRPCError } from "./errors.ts";

// Validation messages in the request's language (Indonesian outside a request). A schema's own
// message is a function (`.max(100, { error: () => m.input_…() })`), so it is rendered per parse too.
const validationMessages = { id: z.locales.id().localeError, en: z.locales.en().localeError };
z.config({ localeError: (issue) => validationMessages[currentLocale()](issue) });

/**
 * What a procedure declares about itself; read by tests that walk the whole router. `openapi`
 * (trpc-to-openapi) also serves it as REST under /api/v1 (server/http/rest.ts).
 */
export type ProcedureMeta = OpenApiMeta<{
  /** Only a signed-in admin past two-factor may call it (adminProcedure sets this). */
  staffOnly?: boolean;
  /** Only a browser session may call it, never an access token (sessionProcedure sets this). */
  sessionOnly?: boolean;
}>;

const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({
  transformer: superjson,
  errorFormatter({ shape, error, ctx }) {
    const zodError = error.cause instanceof z.ZodError ? error.cause : null;
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      // Internal details never leave the server; the message a person reads stays useful.
      message:
        shape.data.code === "INTERNAL_SERVER_ERROR"
          ? m.error_internal({}, { locale: ctx?.locale ?? currentLocale() })
          : zodError
            ? zodError.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("; ")
            : shape.message,
      data: {
        ...data,
        fieldErrors: zodError ? z.flattenError(zodError).fieldErrors : undefined,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/**
 * Every procedure: a service's (or a procedure kind's, below) domain error leaves as its one tRPC code, and a database or Redis
 * that cannot be reached as 503 + Retry-After, never a 500 (server/trpc/errors.ts).
 */
const domainErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error, ctx.request.setHeader);
    if (mapped !== result.error) throw mapped;
  }
  return result;
});

/**
 * Whether any string (key or value) in a procedure's raw input holds a NUL. Only arrays and plain
 * objects are entered, each once: an in-process caller may pass anything, cycles included.
 */
function holdsNul(input: unknown): boolean {
  const pending = [input];
  const entered = new Set<object>();
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === "string") {
      if (value.includes("\u0000")) return true;
      continue;
    }
    if (!value || typeof value !== "object" || entered.has(value)) continue;
    const prototype = Object.getPrototypeOf(value);
    if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) continue;
    entered.add(value);
    for (const [key, item] of Object.entries(value)) pending.push(key, item);
  }
  return false;
}

/**
 * No text a person writes holds a NUL, and PostgreSQL refuses one in any text column (a 500
 * where it reached a write): one refusal here covers every procedure, present and future.
 */
const noNulInInput = t.middleware(async ({ getRawInput, next }) => {
  if (holdsNul(await getRawInput())) throw new InvalidError(m.error_input_nul());
  return next();
});

/**
 * A request that came with an access token: refused outright when the token is (unknown, revoked,
 * expired: UNAUTHORIZED; over its rate limit: 429), else admitted only to the procedures its scopes
 * allow (FORBIDDEN naming the missing scope; the table is server/modules/access-token/scopes.ts).
 * Session-only and staff procedures refuse every token in their own builders, with their own message.
 */
const tokenScopes = t.middleware(({ ctx, meta, path, next }) => {
  if (ctx.tokenRefusal) throw ctx.tokenRefusal;
  if (!meta?.sessionOnly && !meta?.staffOnly) requireProcedureScopes(ctx, path);
  return next();
});

/**
 * Every procedure runs in its context's language: an HTTP request's already is; an in-process
 * caller (tests, jobs) carries its own in ctx.locale. Refusals and validation messages read it.
 */
const speakContextLocale = t.middleware(({ ctx, next }) => runWithLocale(ctx.locale, next));

export const publicProcedure = t.procedure.use(speakContextLocale).use(domainErrors).use(noNulInInput).use(tokenScopes);

/**
 * The member a request is signed in as (a session past its second factor, or a personal access
 * token), or a refusal: the rule of protectedProcedure, and of the HTTP routes beside tRPC.
 */
export function signedInMember(ctx: Pick<Context, "user" | "session">): SessionUser {
  if (!ctx.user) {
    throw new UnauthenticatedError(m.error_signInFirst());
  }
  if (!isPastSecondFactor(ctx.session)) {
    throw new UnauthenticatedError(m.error_twoFactor_enterCodeFirst());
  }
  return ctx.user;
}

/** A signed-in member: a session past its second factor, or a personal access token. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  return next({ ctx: { ...ctx, user: signedInMember(ctx) } });
}).use(({ ctx, path, type, next }) =>
  // Per-member limits on every write (WRITE_RATE_LIMITS): 429 with Retry-After.
  withWriteLimit(ctx, { path, type, memberId: ctx.user.id }, next),
);

/**
 * A member signed in through the browser (a cookie session past its second factor), never an
 * access token: for managing what proves who they are (passkeys, two-factor, access tokens,
 * sessions), so a leaked token cannot widen or keep its own access.
 */
export const sessionProcedure = protectedProcedure.meta({ sessionOnly: true }).use(({ ctx, next }) => {
  if (ctx.authMethod !== "session" || !ctx.session) {
    throw new ForbiddenError(m.error_accessToken_noSecurity());
  }
  return next({ ctx: { ...ctx, session: ctx.session } });
});

/** A session signed in with its password whose second factor is still pending (masuk.2fa.tsx). */
export const pendingTwoFactorProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user || !ctx.session) {
    throw new UnauthenticatedError(m.error_twoFactor_pendingSessionGone());
  }
  if (!isSecondFactorPending(ctx.session)) {
    throw new InvalidError(m.error_twoFactor_alreadyVerified());
  }
  return next({ ctx: { ...ctx, user: ctx.user, session: ctx.session } });
});

/**
 * An admin signed in to the admin area with its second factor (ctx.admin is only set then). A
 * member session, an access token or an admin session still pending two-factor never passes.
 */
export const adminProcedure = publicProcedure.meta({ staffOnly: true }).use(({ ctx, next }) => {
  if (!ctx.admin) {
    throw new ForbiddenError(m.error_adminOnly());
  }
  return next({ ctx: { ...ctx, admin: ctx.admin } });
});
