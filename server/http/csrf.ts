import type { NextFunction, Request, Response } from "express";
import { verifyRequestOrigin } from "lucia";
import { bearerTokenOf } from "../modules/access-token/service.ts";
import { ADMIN_COOKIE } from "../modules/admin/sessions.ts";
import { SESSION_COOKIE } from "../modules/auth/lucia.ts";
import { REST_PREFIX, restErrorBody } from "./rest-errors.ts";
import * as m from "../../shared/paraglide/messages/_index.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF protection for every state change that relies on a session cookie (member or admin), form posts and
 * tRPC mutations alike: the browser's Origin (or Referer) must be this site. SameSite=Lax
 * already stops most cross-site posts; this also covers same-site subdomains and old browsers.
 * Requests authenticated by a bearer token carry no ambient credentials and pass: only a
 * well-formed `Bearer <token>`, for which the request context uses the token and never the
 * cookie (any other Authorization header is no reason to trust the cookie beside it).
 */
export function csrfProtection(options: { appUrl?: string | undefined }) {
  const trustedHosts = options.appUrl ? [new URL(options.appUrl).host] : [];
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (bearerTokenOf(req.get("authorization"))) return next();
    // Either cookie is an ambient credential: the member's session or the admin area's.
    const cookie = req.get("cookie") ?? "";
    if (!cookie.includes(`${SESSION_COOKIE}=`) && !cookie.includes(`${ADMIN_COOKIE}=`)) return next();
    const origin = req.get("origin") ?? originOf(req.get("referer"));
    const host = req.get("host");
    if (origin && host && verifyRequestOrigin(origin, [host, ...trustedHosts])) return next();
    res.status(403);
    if (req.path.startsWith("/api/trpc")) {
      // The shape a tRPC client (superjson transformer) reads as a FORBIDDEN error.
      res.json({ error: { json: { message: m.error_http_originMismatch(), code: -32003, data: { code: "FORBIDDEN", httpStatus: 403 } } } });
    } else if (req.path.startsWith(REST_PREFIX)) {
      res.json(restErrorBody("FORBIDDEN", 403, m.error_http_originMismatch()));
    } else {
      res.type("text/plain; charset=utf-8").send(m.error_http_originMismatch());
    }
  };
}

function originOf(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}
