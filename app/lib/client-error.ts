import * as m from "../../shared/paraglide/messages/_index.js";
import { isTRPCClientError } from "./trpc-error.ts";

/**
 * What to tell a person when a browser-side call failed: the procedure's own (Indonesian)
 * message, or for a WebAuthn prompt the browser refused (cancelled, timed out, no passkey
 * here) a sentence about that.
 */
export function clientErrorMessage(error: unknown): string {
  if (isTRPCClientError(error)) return error.message;
  if (error instanceof Error && ["NotAllowedError", "AbortError", "InvalidStateError"].includes(error.name)) {
    return m.passkey_cancelled();
  }
  if (error instanceof Error && error.name === "NotSupportedError") return m.passkey_unsupported();
  return m.error_serverBody();
}
