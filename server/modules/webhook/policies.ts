import { isIP } from "node:net";
import { InvalidError } from "../../platform/errors.ts";
import { isPrivateAddress } from "../../platform/push.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/*
 * Who may touch an endpoint, and where an endpoint may point. A member's endpoint belongs to that
 * member alone (another member's is as good as missing); a forum endpoint to the admins.
 *
 * Targets (SSRF): https to a public address only. WEBHOOK_ALLOW_LOOPBACK (tests, a developer's
 * receiver) also allows this machine's loopback, over http too; nothing else private, ever. The
 * address is checked here when the endpoint is saved, and again by the sender when it connects
 * (a DNS name may point elsewhere by then: sender.ts checks the address it connects to).
 */

export function canManageEndpoint(endpoint: { scope: string; userId: number | null }, memberId: number): boolean {
  return endpoint.scope === "member" && endpoint.userId === memberId;
}

/** 127.0.0.0/8, ::1 and the IPv4-mapped loopback (::ffff:127.x). */
export function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return address.startsWith("127.");
  if (family !== 6) return false;
  const lower = address.toLowerCase();
  return lower === "::1" || lower.startsWith("::ffff:127.") || /^::ffff:7f[\da-f]{2}:/.test(lower);
}

/** Whether a connection to `address` is refused: private ones, loopback unless allowed. */
export function isRefusedAddress(address: string, allowLoopback: boolean): boolean {
  if (allowLoopback && isLoopbackAddress(address)) return false;
  return isPrivateAddress(address);
}

const badTarget = (why: string) => new InvalidError(m.error_webhook_targetRefused({ why }));

/** The host of a URL as an address or a name: [::1] -> ::1, a trailing dot dropped. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();

/**
 * The endpoint URL if it may be delivered to, by its text alone (names are resolved by the
 * service and the sender); throws InvalidError naming the reason.
 */
export function checkTargetUrl(raw: string, allowLoopback: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badTarget(m.error_webhook_why_notUrl());
  }
  if (url.username || url.password) throw badTarget(m.error_webhook_why_credentials());
  const host = hostOf(url);
  const loopbackName = host === "localhost" || host.endsWith(".localhost");
  const loopback = loopbackName || isLoopbackAddress(host);
  if (loopback && !allowLoopback) throw badTarget(m.error_webhook_why_loopback());
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) throw badTarget(m.error_webhook_why_httpsOnly());
  if (!loopback && isIP(host) && isPrivateAddress(host)) throw badTarget(m.error_webhook_why_private());
  return url;
}
