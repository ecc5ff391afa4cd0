/**
 * Where to go after signing in: `redirectTo` when it is a path on this site, else home.
 * "//evil.example" and "/\evil.example" are other sites to a browser, so they are refused.
 */
export function safeRedirectPath(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}

/** A sign-in page's path carrying `?redirectTo=` on to the next one. */
export function withRedirect(path: string, redirectTo: string | null | undefined): string {
  return redirectTo ? `${path}?${new URLSearchParams({ redirectTo })}` : path;
}
