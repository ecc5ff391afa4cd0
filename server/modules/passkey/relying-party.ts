import { TRPCError } from "@trpc/server";
import type { Env } from "../../platform/env.ts";

/** Who the passkeys belong to: the WebAuthn relying-party ID (a host name) and the origin. */
export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

const RP_NAME = "Alephdraad";

/**
 * APP_URL's origin and host name when it is set (production behind a proxy). Otherwise the
 * request's own: its Origin header when that names the Host it was sent to (browsers send Origin
 * with every fetch POST), else http://<Host>. Browsers refuse an IP address as relying-party ID,
 * so passkeys need a host name such as localhost.
 */
export function relyingParty(env: Pick<Env, "APP_URL">, headers: Headers): RelyingParty {
  if (env.APP_URL) {
    const url = new URL(env.APP_URL);
    return { id: url.hostname, origin: url.origin, name: RP_NAME };
  }
  const host = headers.get("host");
  if (!host) throw new TRPCError({ code: "BAD_REQUEST", message: "Permintaan tanpa header Host tidak dapat memakai passkey." });
  const origin = parseOrigin(headers.get("origin"));
  const url = origin && origin.host === host ? origin : parseOrigin(`http://${host}`);
  if (!url) throw new TRPCError({ code: "BAD_REQUEST", message: "Header Host tidak valid untuk passkey." });
  return { id: url.hostname, origin: url.origin, name: RP_NAME };
}

function parseOrigin(value: string | null): URL | null {
  if (!value) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
