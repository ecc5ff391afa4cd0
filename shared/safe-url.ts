/**
 * The URL policy of rich content, shared by the server's validation and the renderer: absolute
 * URLs with an allowed protocol only, so `javascript:`, `data:` and relative tricks never pass.
 */
export const LINK_PROTOCOLS: ReadonlySet<string> = new Set(["http:", "https:", "mailto:"]);
export const IMAGE_PROTOCOLS: ReadonlySet<string> = new Set(["http:", "https:"]);

/** The URL normalised by the URL parser when its protocol is allowed; relative URLs are refused. */
export function safeUrl(value: unknown, protocols: ReadonlySet<string>): string | null {
  if (typeof value !== "string") return null;
  try {
    const url = new URL(value.trim());
    return protocols.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}
