import type { Env } from "./env.ts";

/** Anything with `get(name)`: a Fetch `Headers`, or Express's `req.get` wrapped. */
export interface HeaderSource {
  get(name: string): string | null | undefined;
}

export type OriginEnv = Pick<Env, "APP_URL" | "NODE_ENV" | "PORT">;

/** Host names that can only mean this machine; the only ones a request may name without APP_URL. */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function parseUrl(value: string | null | undefined): URL | null {
  if (!value) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * The site's public origin: every absolute URL (links in mail, payment redirects, the
 * passkeys' relying party) is built from this one place, with one trust rule.
 *
 * - `APP_URL` set (required in production, see env.ts): its origin, whatever the request says.
 * - Otherwise (development and tests only): the origin the request was sent to (its `Origin`
 *   when that names its `Host`, else `http://<Host>`), but only when it names this machine
 *   (localhost, 127.0.0.1, [::1]); any other host, or none, gives `http://localhost:<PORT>`.
 *   A `Host: evil.example` therefore never ends up in a link, even on a developer's machine.
 */
export function publicOrigin(env: OriginEnv, headers?: HeaderSource | null): URL {
  if (env.APP_URL) return new URL(new URL(env.APP_URL).origin);
  const fallback = new URL(`http://localhost:${env.PORT}`);
  if (env.NODE_ENV === "production" || !headers) return fallback;
  const host = headers.get("host");
  if (!host) return fallback;
  const origin = parseUrl(headers.get("origin"));
  const candidate = origin && origin.host === host ? origin : parseUrl(`http://${host}`);
  if (!candidate || candidate.host !== host.toLowerCase() || !LOOPBACK_HOSTS.has(candidate.hostname)) return fallback;
  return new URL(candidate.origin);
}

/** `publicOrigin(...)` as a string without a trailing slash, for building links. */
export function publicOriginString(env: OriginEnv, headers?: HeaderSource | null): string {
  return publicOrigin(env, headers).origin;
}
