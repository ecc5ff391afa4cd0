import { randomBytes } from "node:crypto";
import dns from "node:dns";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import https from "node:https";
import { BlockList, isIP } from "node:net";
import path from "node:path";
import webpush from "web-push";
import { dataDir, type Env } from "./env.ts";
import type { Logger } from "./logger.ts";

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

const KEY_FILE = "vapid-keys.json";

function parseKeyFile(text: string, file: string): VapidKeys {
  const parsed = JSON.parse(text) as Partial<VapidKeys>;
  if (typeof parsed.publicKey !== "string" || typeof parsed.privateKey !== "string") {
    throw new Error(`${file} holds no VAPID key pair: delete it to generate a new one (browsers then subscribe again)`);
  }
  return { publicKey: parsed.publicKey, privateKey: parsed.privateKey };
}

/**
 * The VAPID key pair: from the environment, else the one kept in `<folder>/vapid-keys.json`,
 * generated there the first time. The file appears whole or not at all (written aside, then
 * hard-linked into place, which fails if it exists), so two processes starting at once both end
 * up reading the one pair that won. Production without keys and without a writable folder throws
 * (one key per process would break every subscription at the next start); elsewhere a key in
 * memory keeps a read-only checkout running.
 */
export function loadVapidKeys(
  env: Pick<Env, "NODE_ENV" | "VAPID_PUBLIC_KEY" | "VAPID_PRIVATE_KEY">,
  options: { folder?: string; logger?: Logger } = {},
): VapidKeys {
  if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY) return { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY };
  const folder = options.folder ?? dataDir();
  const file = path.join(folder, KEY_FILE);
  let text: string | null = null;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    const generated = webpush.generateVAPIDKeys();
    const aside = path.join(folder, `.${KEY_FILE}.${process.pid}.${randomBytes(6).toString("hex")}`);
    try {
      mkdirSync(folder, { recursive: true });
      writeFileSync(aside, JSON.stringify(generated), { mode: 0o600, flag: "wx" });
      try {
        linkSync(aside, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        // Another process linked its pair first: the read below takes that one.
      } finally {
        unlinkSync(aside);
      }
      text = readFileSync(file, "utf8");
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      const message =
        `VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are not set and ${file} cannot be written (${reason}): ` +
        "set both (npx web-push generate-vapid-keys) or make the data folder writable";
      if (env.NODE_ENV === "production") throw new Error(message, { cause: error });
      options.logger?.warn(`${message}; using a key pair of this process only, push subscriptions end with it`);
      return generated;
    }
  }
  return parseKeyFile(text, file);
}

export interface PushTarget {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** sent: the push service took it; gone: the subscription no longer exists (404/410); failed: anything else. */
export type PushOutcome = "sent" | "gone" | "failed";

export interface PushDelivery {
  outcome: PushOutcome;
  /** The push service's status, when it answered. */
  status?: number;
  error?: string;
}

export interface PushSender {
  /** The VAPID public key browsers subscribe with (applicationServerKey), base64url. */
  publicKey: string;
  /** Encrypts `payload` for the subscription (RFC 8291 aes128gcm) and posts it (RFC 8030). Never throws. */
  send(target: PushTarget, payload: string): Promise<PushDelivery>;
}

/** How long a push service keeps a message for an offline device: a day-old notice is stale. */
const TTL_SECONDS = 24 * 60 * 60;
const TIMEOUT_MS = 10_000;

// Addresses a push service never has; the server must not be made to post to them (SSRF). Two
// lists: BlockList would match every IPv4 address against an IPv6 ::ffff:0:0/96 rule.
const privateV4 = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 3],
] as const) privateV4.addSubnet(network, prefix, "ipv4");
const privateV6 = new BlockList();
for (const [network, prefix] of [["::", 127], ["64:ff9b::", 96], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8]] as const) {
  privateV6.addSubnet(network, prefix, "ipv6");
}

/** The IPv4 address inside an IPv4-mapped IPv6 one (::ffff:127.0.0.1, ::ffff:7f00:1), else null. */
function mappedV4(address: string): string | null {
  const rest = /^::ffff:(.+)$/i.exec(address)?.[1];
  if (!rest) return null;
  if (isIP(rest) === 4) return rest;
  const groups = /^([\da-f]{1,4}):([\da-f]{1,4})$/i.exec(rest);
  if (!groups) return null;
  const [high, low] = [parseInt(groups[1]!, 16), parseInt(groups[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** True for an address inside the machine or its private network (mapped IPv4 judged as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return privateV4.check(address, "ipv4");
  if (family !== 6) return false;
  const v4 = mappedV4(address);
  return v4 ? privateV4.check(v4, "ipv4") : privateV6.check(address, "ipv6");
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A dns.lookup that refuses a name resolving to any address `isRefused` names (a DNS name pointed
 * inside, rebinding): the `lookup` of an agent or request, so the address checked is the one
 * connected to. (An IP literal is never looked up: check it before connecting.)
 */
export function lookupRefusing(isRefused: (address: string) => boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "");
      const first = addresses[0];
      if (!first || addresses.some((entry) => isRefused(entry.address))) {
        return callback(Object.assign(new Error(`${hostname} resolves to a private address`), { code: "EPRIVATEADDRESS" }), "");
      }
      if (options.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

/** dns.lookup that refuses a name resolving to a private address. */
const publicOnlyLookup = lookupRefusing(isPrivateAddress);

/** The mailto: of MAIL_FROM ("Name <address>" or a bare address). */
function defaultSubject(mailFrom: string): string {
  return `mailto:${/<([^<>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim()}`;
}

/**
 * Web Push through `web-push`: built once by createPlatform, holding the VAPID keys. Sends go
 * straight to the push service (never a proxy: its own agent), with a timeout, and in production
 * only to public addresses. `ca` trusts a test push service's certificate.
 */
export function createPush(
  env: Pick<Env, "NODE_ENV" | "VAPID_PUBLIC_KEY" | "VAPID_PRIVATE_KEY" | "VAPID_SUBJECT" | "MAIL_FROM">,
  logger: Logger,
  options: { folder?: string; ca?: string } = {},
): PushSender {
  const keys = loadVapidKeys(env, { folder: options.folder, logger });
  const vapidDetails = { subject: env.VAPID_SUBJECT ?? defaultSubject(env.MAIL_FROM), ...keys };
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: 32,
    ca: options.ca,
    // Tests and a developer's machine reach a push service on 127.0.0.1.
    lookup: env.NODE_ENV === "production" ? (publicOnlyLookup as typeof dns.lookup) : undefined,
  });
  return {
    publicKey: keys.publicKey,
    async send(target, payload) {
      try {
        const response = await webpush.sendNotification(target, payload, {
          vapidDetails,
          TTL: TTL_SECONDS,
          urgency: "normal",
          contentEncoding: "aes128gcm",
          timeout: TIMEOUT_MS,
          agent,
        });
        return { outcome: "sent", status: response.statusCode };
      } catch (error) {
        if (error instanceof webpush.WebPushError) {
          return { outcome: error.statusCode === 404 || error.statusCode === 410 ? "gone" : "failed", status: error.statusCode, error: error.body.slice(0, 200) };
        }
        return { outcome: "failed", error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
