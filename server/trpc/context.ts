import type { Session } from "lucia";
import { bearerTokenOf, resolveAccessToken } from "../modules/access-token/service.ts";
import type { TokenAccess } from "../modules/access-token/scopes.ts";
import { rateLimitHeaders } from "../modules/access-token/usage.ts";
import { DomainError } from "../platform/errors.ts";
import { resolveLocale, type Locale } from "../../shared/locale.ts";
import { currentRequestContext } from "../platform/request-context.ts";
import type { Runtime } from "../app-services.ts";
import { adminCookieFrom, blankAdminCookie, resolveAdminSession, type AdminSessionState } from "../modules/admin/sessions.ts";
import type { ClientInfo } from "../modules/auth/service.ts";
import type { AdminActor } from "../modules/staff-log/service.ts";

/** What a procedure knows about the request it serves. */
export interface RequestMeta {
  headers: Headers;
  ip: string | null;
  requestId: string;
  /** Adds a Set-Cookie header to this request's response (tRPC over HTTP or a Remix page). */
  setCookie(serialized: string): void;
  /** Sets a response header such as Retry-After (absent where there is no HTTP response). */
  setHeader?(name: string, value: string): void;
}

/** The signed-in member making the request. */
export interface SessionUser {
  id: number;
  username: string;
  email: string;
  isVerified: boolean;
  totpEnabled: boolean;
}

/**
 * A procedure's context: the runtime's pieces, built once per server (server/app-services.ts:
 * `prisma`, `env`, `cache`, `mailer`, `captcha`, `auth`, `requestGuard`, `aleph`, `writeLimits`,
 * `securityThrottle`, ...), and what this request says.
 */
export interface Context extends Omit<Runtime, "publicOriginOf" | "rateLimiter" | "rateLimitStore"> {
  /** The site's public origin for this request (server/platform/public-origin.ts), for absolute URLs. */
  publicOrigin: string;
  request: RequestMeta;
  /** The language of this request (its context's, else from its own headers: shared/locale.ts). */
  locale: Locale;
  client: ClientInfo;
  /** Set for a valid session cookie or access token. */
  user: SessionUser | null;
  /** The cookie session (null for anonymous and access-token requests). */
  session: Session | null;
  authMethod: "session" | "token" | null;
  /** The personal access token the request authenticated with (authMethod "token") and its scopes. */
  accessToken: TokenAccess["accessToken"];
  /**
   * Why the bearer token this request sent is refused (unknown, revoked, expired: UNAUTHORIZED; over
   * its rate limit: 429): every procedure, and every HTTP route beside tRPC, answers with it.
   */
  tokenRefusal: DomainError | null;
  /**
   * The admin signed in through the admin area (its own cookie and sessions, separate from
   * members'), set only once that session has passed its second factor; null otherwise.
   */
  admin: AdminActor | null;
  /** This browser's admin session, also one still waiting for its code (admin.auth.verifyTotp). */
  adminSession: AdminSessionState | null;
}

/**
 * Client-supplied values, cut to the columns they are stored in (sessions, security events):
 * the one reading of them, for procedures and for the REST endpoints (payment webhook) alike.
 */
export function clientInfoOf(ip: string | null | undefined, header: (name: string) => string | null | undefined): ClientInfo {
  return {
    ipAddress: ip?.slice(0, 64) ?? null,
    userAgent: header("user-agent")?.slice(0, 512) ?? null,
    deviceFingerprint: header("x-device-fingerprint")?.slice(0, 128) ?? null,
  };
}

/** What every context of this request holds before anyone is signed in: the runtime's pieces and the request. */
export function anonymousContext(runtime: Runtime, request: RequestMeta): Context {
  const { publicOriginOf, rateLimiter: _rateLimiter, rateLimitStore: _rateLimitStore, ...pieces } = runtime;
  return {
    ...pieces,
    publicOrigin: publicOriginOf(request.headers),
    request,
    locale:
      currentRequestContext()?.locale ??
      resolveLocale({ cookie: request.headers.get("cookie"), acceptLanguage: request.headers.get("accept-language") }),
    client: clientInfoOf(request.ip, (name) => request.headers.get(name)),
    user: null,
    session: null,
    authMethod: null,
    accessToken: null,
    tokenRefusal: null,
    admin: null,
    adminSession: null,
  };
}

/**
 * The admin part of a cookie request, read apart from the member's session: each has its own
 * cookie and table, and neither one's validity says anything about the other.
 */
async function adminOf(runtime: Runtime, request: RequestMeta): Promise<Pick<Context, "admin" | "adminSession">> {
  const token = adminCookieFrom(request.headers.get("cookie"));
  if (!token) return { admin: null, adminSession: null };
  const resolved = await resolveAdminSession(runtime.prisma, token);
  if (!resolved) {
    request.setCookie(blankAdminCookie(runtime.env));
    return { admin: null, adminSession: null };
  }
  return { admin: resolved.admin, adminSession: resolved.session };
}

export async function createContext(runtime: Runtime, request: RequestMeta): Promise<Context> {
  const { auth } = runtime;
  const anonymous = anonymousContext(runtime, request);

  // A bearer token is the credential whenever one is sent: the cookie is then never read, which
  // is what lets csrfProtection skip these requests (bearerTokenOf is the check both make).
  const bearer = bearerTokenOf(request.headers.get("authorization"));
  if (bearer) {
    const resolved = await resolveAccessToken(runtime.prisma, bearer, anonymous.client.ipAddress);
    if (resolved instanceof DomainError) return { ...anonymous, tokenRefusal: resolved };
    // Counted here, once per HTTP request, so every transport on this context (tRPC, REST, the
    // HTTP routes) answers a token with its RateLimit-* headers, a refused request too.
    const rate = await runtime.accessTokenUsage.count(resolved.token.id);
    if (rate) for (const [name, value] of Object.entries(rateLimitHeaders(rate))) request.setHeader?.(name, value);
    const owner = resolved.user;
    return {
      ...anonymous,
      user: {
        id: owner.id,
        username: owner.username,
        email: owner.email,
        isVerified: owner.isVerified,
        totpEnabled: owner.totpEnabled,
      },
      session: null,
      authMethod: "token",
      accessToken: resolved.token,
      tokenRefusal: rate?.refusal ?? null,
    };
  }

  const base = { ...anonymous, ...(await adminOf(runtime, request)) };
  const sessionId = auth.readSessionCookie(request.headers.get("cookie") ?? "");
  if (!sessionId) return { ...base, user: null, session: null, authMethod: null };
  const { session, user } = await auth.validateSession(sessionId);
  if (!session) {
    request.setCookie(auth.createBlankSessionCookie().serialize());
    return { ...base, user: null, session: null, authMethod: null };
  }
  // Sliding expiry: Lucia extended the session, so the cookie must follow.
  if (session.fresh) request.setCookie(auth.createSessionCookie(session.id).serialize());
  if (user.isLocked) return { ...base, user: null, session: null, authMethod: null };
  return {
    ...base,
    user: {
      id: user.id,
      username: user.username,
      email: user.email,
      isVerified: user.isVerified,
      totpEnabled: user.totpEnabled,
    },
    session,
    authMethod: "session",
  };
}
