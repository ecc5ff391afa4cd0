import type { Translate } from "./i18n.ts";
import { isTRPCClientError } from "./trpc-error.ts";

/**
 * What to tell a person when a browser-side call failed: the procedure's own (Indonesian)
 * message, or for a WebAuthn prompt the browser refused (cancelled, timed out, no passkey
 * here) a sentence about that.
 */
export function clientErrorMessage(error: unknown, t: Translate): string {
  if (isTRPCClientError(error)) return error.message;
  if (error instanceof Error && ["NotAllowedError", "AbortError", "InvalidStateError"].includes(error.name)) {
    return t("passkey.cancelled");
  }
  if (error instanceof Error && error.name === "NotSupportedError") return t("passkey.unsupported");
  return t("error.serverBody");
}
