import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";

const ISSUER = "Alephdraad";
// One period either side: phones whose clocks drift a little still work (RFC 6238 §6).
const EPOCH_TOLERANCE_SECONDS = 30;
const SEALED_PREFIX = "aes256gcm:";

export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, account: string): string {
  return generateURI({ issuer: ISSUER, label: account, secret });
}

/**
 * The RFC 6238 time step a code belongs to when it is valid now and newer than
 * `afterTimeStep` (each code is accepted once); null otherwise.
 */
export async function acceptedTimeStep(secret: string, code: string, afterTimeStep: number | null): Promise<number | null> {
  const result = await verify({
    secret,
    token: code,
    epochTolerance: EPOCH_TOLERANCE_SECONDS,
    ...(afterTimeStep === null ? {} : { afterTimeStep }),
  });
  // The functional API also covers HOTP, whose results carry no time step.
  return result.valid && "timeStep" in result ? result.timeStep : null;
}

/**
 * The stored form of a TOTP secret: AES-256-GCM with TOTP_ENCRYPTION_KEY when one is
 * configured, the secret as it is otherwise (README: set the key in production).
 */
export function sealSecret(secret: string, keyBase64: string | undefined): string {
  if (!keyBase64) return secret;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(keyBase64, "base64"), iv);
  const encrypted = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return SEALED_PREFIX + [iv, cipher.getAuthTag(), encrypted].map((part) => part.toString("base64url")).join(".");
}

/** The secret behind a stored value; unencrypted values from before a key was set still read. */
export function openSecret(stored: string, keyBase64: string | undefined): string {
  if (!stored.startsWith(SEALED_PREFIX)) return stored;
  if (!keyBase64) throw new Error("TOTP secret is encrypted but TOTP_ENCRYPTION_KEY is not set");
  const [iv, tag, encrypted] = stored.slice(SEALED_PREFIX.length).split(".").map((part) => Buffer.from(part, "base64url"));
  const decipher = createDecipheriv("aes-256-gcm", Buffer.from(keyBase64, "base64"), iv!);
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(encrypted!), decipher.final()]).toString("utf8");
}
