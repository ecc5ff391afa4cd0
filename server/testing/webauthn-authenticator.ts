import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { isoCBOR } from "@simplewebauthn/server/helpers";

interface Ceremony {
  challenge: string;
  /** The relying-party ID the authenticator signs for. */
  rpId: string;
  /** The origin the "browser" writes into clientDataJSON. */
  origin: string;
}

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();
const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_CREDENTIAL = 0x40;

/**
 * A software passkey (ES256, "none" attestation) for integration tests: it answers the JSON
 * @simplewebauthn/browser would send, signed for whatever origin and challenge the test gives,
 * so the server's checks run against real signatures.
 */
export function softwareAuthenticator() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const rawId = randomBytes(16);
  const id = rawId.toString("base64url");
  const userHandle = randomBytes(16).toString("base64url");
  let counter = 0;

  // COSE_Key (RFC 9053): kty EC2, alg ES256, curve P-256, x, y.
  const cosePublicKey = isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, "base64url")],
      [-3, Buffer.from(jwk.y!, "base64url")],
    ]),
  );

  function authenticatorData(rpId: string, attested: boolean): Buffer {
    const flags = FLAG_USER_PRESENT | FLAG_USER_VERIFIED | (attested ? FLAG_ATTESTED_CREDENTIAL : 0);
    const signCount = Buffer.alloc(4);
    signCount.writeUInt32BE(counter);
    const parts = [sha256(rpId), Buffer.from([flags]), signCount];
    if (attested) {
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(rawId.length);
      parts.push(Buffer.alloc(16), idLength, rawId, Buffer.from(cosePublicKey));
    }
    return Buffer.concat(parts);
  }

  const clientData = (type: string, ceremony: Ceremony) =>
    Buffer.from(JSON.stringify({ type, challenge: ceremony.challenge, origin: ceremony.origin, crossOrigin: false }));

  /** The fields every PublicKeyCredential answer has around its `response`. */
  const credential = <T>(response: T) => ({ id, rawId: id, type: "public-key" as const, clientExtensionResults: {}, response });

  return {
    id,
    register(ceremony: Ceremony): RegistrationResponseJSON {
      const attestationObject = isoCBOR.encode(
        new Map<string, string | Uint8Array | Map<string, string>>([
          ["fmt", "none"],
          ["attStmt", new Map<string, string>()],
          ["authData", authenticatorData(ceremony.rpId, true)],
        ]),
      );
      return credential({
        clientDataJSON: clientData("webauthn.create", ceremony).toString("base64url"),
        attestationObject: Buffer.from(attestationObject).toString("base64url"),
        transports: ["internal"],
      });
    },
    authenticate(ceremony: Ceremony, options: { keepCounter?: boolean } = {}): AuthenticationResponseJSON {
      if (!options.keepCounter) counter += 1;
      const authData = authenticatorData(ceremony.rpId, false);
      const clientDataJSON = clientData("webauthn.get", ceremony);
      const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), privateKey);
      return credential({
        clientDataJSON: clientDataJSON.toString("base64url"),
        authenticatorData: authData.toString("base64url"),
        signature: signature.toString("base64url"),
        userHandle,
      });
    },
  };
}
