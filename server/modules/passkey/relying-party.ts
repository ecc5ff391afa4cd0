/** Who the passkeys belong to: the WebAuthn relying-party ID (a host name) and the origin. */
export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

const RP_NAME = "Alephdraad";

/**
 * The site's public origin (`ctx.publicOrigin`, by the one rule of server/platform/public-origin.ts)
 * and its host name: APP_URL's,
 * required in production; in development and tests the request's own only when it names this
 * machine (localhost), else http://localhost:<PORT>. Browsers refuse an IP address as
 * relying-party ID, so passkeys need a host name such as localhost.
 */
export function relyingParty(publicOrigin: string): RelyingParty {
  const url = new URL(publicOrigin);
  return { id: url.hostname, origin: url.origin, name: RP_NAME };
}
