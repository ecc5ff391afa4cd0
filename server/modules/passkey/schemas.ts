import { z } from "zod";
import { rowId } from "../schemas.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

const base64url = (max: number) =>
  z.string().max(max, { error: () => m.input_passkey_dataTooLong() }).regex(/^[A-Za-z0-9_-]*$/, { error: () => m.input_passkey_dataBase64url() });

// A credential id is at most 1023 bytes (WebAuthn §5.8.3), 1364 characters of base64url.
const credentialId = base64url(1364).min(1, { error: () => m.input_passkey_idEmpty() });

const credentialBase = {
  id: credentialId,
  rawId: credentialId,
  type: z.literal("public-key", { error: () => m.input_passkey_typePublicKey() }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  // Read by the library only; `object` takes the browser's own (DOM) interface as it is.
  clientExtensionResults: z
    .custom<object>(
      (value) => typeof value === "object" && value !== null && !Array.isArray(value),
      { error: () => m.input_passkey_extensionsObject() },
    )
    .default({}),
};

/** What @simplewebauthn/browser's startRegistration() answers. */
export const registrationResponseSchema = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url(4096),
    attestationObject: base64url(65_536),
    authenticatorData: base64url(65_536).optional(),
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url(8192).optional(),
  }),
});

/** What @simplewebauthn/browser's startAuthentication() answers. */
export const authenticationResponseSchema = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url(4096),
    authenticatorData: base64url(65_536),
    signature: base64url(8192),
    userHandle: base64url(512).optional(),
  }),
});

export const passkeyNameSchema = z
  .string()
  .trim()
  .min(1, { error: () => m.input_passkey_nameRequired() })
  .max(64, { error: () => m.input_passkey_nameTooLong() });

export const passkeyIdInput = z.object({ id: rowId });
