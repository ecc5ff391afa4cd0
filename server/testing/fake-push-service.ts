import { execFileSync } from "node:child_process";
import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { createServer } from "node:https";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

// web-push's own RFC 8188/8291 implementation, used here the other way round: to decrypt.
const ece = createRequire(import.meta.url)("http_ece") as {
  decrypt(buffer: Buffer, params: { version: "aes128gcm"; privateKey: ECDH; authSecret: string }): Buffer;
};

/** A push message the service accepted, decrypted with the subscription's private key. */
export interface ReceivedPush {
  endpoint: string;
  payload: string;
  ttl: number;
  urgency: string | null;
  /** The verified VAPID JWT's claims and key. */
  vapid: { aud: string; sub: string; exp: number; publicKey: string };
}

export interface FakeSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** A self-signed certificate for 127.0.0.1 (web-push only speaks https). */
function selfSignedCertificate(): { key: string; cert: string } {
  const folder = mkdtempSync(path.join(tmpdir(), "fake-push-"));
  try {
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", path.join(folder, "key.pem"), "-out", path.join(folder, "cert.pem")],
      { stdio: "ignore" },
    );
    return { key: readFileSync(path.join(folder, "key.pem"), "utf8"), cert: readFileSync(path.join(folder, "cert.pem"), "utf8") };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

class Refusal extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Checks `Authorization: vapid t=<JWT>, k=<key>` (RFC 8292): ES256 signature by k, aud = this origin, exp within 24 h. */
function verifyVapid(header: string | undefined, origin: string, expectedKey: string): ReceivedPush["vapid"] {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), ?k=([\w-]+)$/.exec(header ?? "");
  if (!match) throw new Refusal(401, "missing or malformed vapid authorization");
  const [, token = "", publicKey = ""] = match;
  const [head = "", body = "", signature = ""] = token.split(".");
  const point = Buffer.from(publicKey, "base64url");
  if (point.length !== 65 || point[0] !== 4) throw new Refusal(401, "k is not an uncompressed P-256 point");
  const key = createPublicKey({
    key: { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33).toString("base64url") },
    format: "jwk",
  });
  const jose = JSON.parse(Buffer.from(head, "base64url").toString("utf8")) as { alg?: string };
  if (jose.alg !== "ES256") throw new Refusal(401, "alg is not ES256");
  const valid = verify("sha256", Buffer.from(`${head}.${body}`), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(signature, "base64url"));
  if (!valid) throw new Refusal(401, "bad vapid signature");
  const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as { aud?: string; sub?: string; exp?: number };
  const now = Date.now() / 1000;
  if (claims.aud !== origin) throw new Refusal(401, `aud ${claims.aud} is not ${origin}`);
  if (typeof claims.exp !== "number" || claims.exp <= now || claims.exp > now + 24 * 3600) throw new Refusal(401, "exp out of range");
  if (typeof claims.sub !== "string" || !/^(?:mailto:|https:)/.test(claims.sub)) throw new Refusal(401, "sub must be mailto: or https:");
  // A real push service binds the subscription to the applicationServerKey it was made with.
  if (publicKey !== expectedKey) throw new Refusal(403, "vapid key is not the subscription's applicationServerKey");
  return { aud: claims.aud, sub: claims.sub, exp: claims.exp, publicKey };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/**
 * A Web Push service on https://127.0.0.1 for tests (RFC 8030 POST to the subscription's
 * endpoint, RFC 8292 VAPID, RFC 8291 aes128gcm): each subscription it hands out has a P-256 key
 * pair and auth secret of its own, as a browser's has, and every message it accepts is decrypted
 * with them into `received`. `answer` makes an endpoint reply with a status (410 gone, 500).
 */
export async function startFakePushService() {
  const { key, cert } = selfSignedCertificate();
  const subscriptions = new Map<string, { ecdh: ECDH; auth: string; applicationServerKey: string }>();
  const answers = new Map<string, number>();
  const received: ReceivedPush[] = [];
  const refusals: { endpoint: string; status: number; reason: string }[] = [];
  let origin = "";

  const server = createServer({ key, cert }, (request, response) => {
    const endpoint = `${origin}${request.url ?? ""}`;
    readBody(request)
      .then((body) => {
        const subscription = subscriptions.get(endpoint);
        if (request.method !== "POST") throw new Refusal(405, "only POST");
        if (!subscription) throw new Refusal(404, "no such subscription");
        const vapid = verifyVapid(request.headers.authorization, origin, subscription.applicationServerKey);
        const ttl = request.headers.ttl;
        if (typeof ttl !== "string" || !/^\d+$/.test(ttl)) throw new Refusal(400, "TTL header required");
        if (request.headers["content-encoding"] !== "aes128gcm") throw new Refusal(415, "content-encoding must be aes128gcm");
        // RFC 8030 §7.2: services must take 4096 bytes; FCM, Mozilla and Apple refuse more (413).
        if (body.length > 4096) throw new Refusal(413, "payload over 4096 bytes");
        // RFC 8291: salt (16), record size (4), key id length (1) = 65, the sender's P-256 key.
        if (body.length < 86 || body[20] !== 65) throw new Refusal(400, "not an aes128gcm body with a P-256 key id");
        let payload: string;
        try {
          payload = ece.decrypt(body, { version: "aes128gcm", privateKey: subscription.ecdh, authSecret: subscription.auth }).toString("utf8");
        } catch (error) {
          throw new Refusal(400, `cannot decrypt: ${(error as Error).message}`);
        }
        const status = answers.get(endpoint);
        if (status) throw new Refusal(status, "told to refuse");
        received.push({ endpoint, payload, ttl: Number(ttl), urgency: (request.headers.urgency as string | undefined) ?? null, vapid });
        response.writeHead(201, { location: `${endpoint}/messages/${received.length}` }).end();
      })
      .catch((error: unknown) => {
        const status = error instanceof Refusal ? error.status : 500;
        refusals.push({ endpoint, status, reason: (error as Error).message });
        response.writeHead(status, { "content-type": "text/plain" }).end((error as Error).message);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `https://127.0.0.1:${(server.address() as { port: number }).port}`;

  return {
    origin,
    /** The certificate to trust (createPush's `ca`). */
    ca: cert,
    received,
    /** Requests answered with an error, and why (a wrong signature, an unknown endpoint, ...). */
    refusals,
    /** A new browser subscription made with `applicationServerKey`, as PushSubscription.toJSON() gives it. */
    subscription(applicationServerKey: string): FakeSubscription {
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const auth = randomBytes(16).toString("base64url");
      const endpoint = `${origin}/push/${randomBytes(12).toString("base64url")}`;
      subscriptions.set(endpoint, { ecdh, auth, applicationServerKey });
      return { endpoint, keys: { p256dh: ecdh.getPublicKey("base64url"), auth } };
    },
    /** From now on, `endpoint` answers `status` (410: unsubscribed; 500: the service failing). */
    answer(endpoint: string, status: number) {
      answers.set(endpoint, status);
    },
    receivedBy(endpoint: string) {
      return received.filter((push) => push.endpoint === endpoint);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakePushService = Awaited<ReturnType<typeof startFakePushService>>;
