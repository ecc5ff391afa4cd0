import { createECDH } from "node:crypto";
import { existsSync } from "node:fs";
import { isIP } from "node:net";
import { z } from "zod";

/**
 * The whole configuration, parsed once at start. Every variable is listed with a comment in
 * .env.example; the defaults run the app on a fresh machine with no .env at all.
 */
const booleanString = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`);

/** An address, a subnet (`10.0.0.0/8`) or one of Express's names for a range. */
const trustedProxy = (entry: string) => {
  if (["loopback", "linklocal", "uniquelocal"].includes(entry)) return true;
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (!family || rest.length) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
};

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /**
   * Which reverse proxies' X-Forwarded-For/-Proto to believe: a hop count (`1`) or a comma list
   * of addresses, subnets and `loopback`/`linklocal`/`uniquelocal`. Unset: none, the socket's
   * address is the client's (a client could otherwise pick its own IP for rate limits).
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .refine(
      (value) => /^\d{1,2}$/.test(value) || value.split(",").every((entry) => trustedProxy(entry.trim())),
      "must be a hop count (1) or a comma list of IP addresses, subnets, loopback, linklocal, uniquelocal",
    )
    .transform((value): number | string => (/^\d+$/.test(value) ? Number(value) : value))
    .optional(),
  /** Bearer token that opens GET /metrics on the public port; unset: /metrics is not served there. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** A second listener serving only /metrics, without a token, on METRICS_HOST; unset: none. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /**
   * Public origin of the site: links in mail, payment redirects, OG tags and WebAuthn
   * (server/platform/public-origin.ts). Required in production; unset elsewhere: localhost.
   */
  APP_URL: url(["http:", "https:"]).optional(),
  /** 32 random bytes, base64: encrypts TOTP secrets at rest (unset: stored as they are). */
  TOTP_ENCRYPTION_KEY: z
    .string()
    .refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 bytes in base64 (openssl rand -base64 32)")
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATABASE_URL: url(["postgres:", "postgresql:"]).default(
    "postgresql://alephdraad:alephdraad@127.0.0.1:5432/alephdraad",
  ),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  MONGODB_URL: url(["mongodb:", "mongodb+srv:"]).default("mongodb://127.0.0.1:27017/alephdraad"),
  /** Empty: caches and rate limits live in process memory. */
  REDIS_URL: z.union([z.literal(""), url(["redis:", "rediss:"])]).default("redis://127.0.0.1:6379/0"),
  /** Deadline for each dependency check of /readyz. */
  READINESS_TIMEOUT_MS: z.coerce.number().int().min(50).max(30000).default(1500),
  /** How long a MongoDB command waits for a reachable server before it fails (503) instead of hanging. */
  MONGODB_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(2500),
  /** How long a graceful shutdown may wait for in-flight requests. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120000).default(10000),
  /** Open live-update connections (SSE, /api/live) one process holds at most; more get 503 and retry another. */
  LIVE_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  /**
   * Open live connections per client address per process. Generous: a mobile carrier's NAT puts
   * many members behind one address; the cap bounds one host, not one person.
   */
  LIVE_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(200),
  /**
   * Server processes on this machine (node:cluster), each on PORT; unset: one per available core.
   * More than one needs Redis (caches, limits and live events are shared there).
   */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  /** Run pending migrations when the server starts. */
  MIGRATE_ON_START: booleanString.default(true),
  /** Fill an empty database with demo data when the server starts. */
  SEED_ON_START: booleanString.default(false),
  /** SMTP server for mail (smtp:// or smtps://, credentials in the URL); unset: the dev mailbox and the log. */
  SMTP_URL: url(["smtp:", "smtps:"]).optional(),
  MAIL_FROM: z.string().min(3).default("Alephdraad <no-reply@alephdraad.local>"),
  /** The /dev/mailbox page listing mail sent without SMTP: only when turned on explicitly. */
  DEV_MAILBOX: booleanString.default(false),
  /** Proof-of-work CAPTCHA on register, login and password reset. */
  CAPTCHA_ENABLED: booleanString.default(true),
  /** HMAC key signing CAPTCHA challenges; unset: generated once and kept in .data/captcha-hmac-key. */
  CAPTCHA_HMAC_KEY: z.string().min(16, "must be at least 16 characters").optional(),
  /**
   * Per-IP and per-account limits on login, register, password reset and verification mail, and
   * per-member limits on writes (WRITE_RATE_LIMITS in server/modules/security/write-limits.ts).
   */
  RATE_LIMIT_ENABLED: booleanString.default(true),
  /**
   * Requests one personal access token may make per window (server/modules/access-token/usage.ts),
   * answered with RateLimit-* headers; 429 past it. Off with RATE_LIMIT_ENABLED=false.
   */
  ACCESS_TOKEN_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  ACCESS_TOKEN_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
  /** Tokens a new wallet receives, as its first ledger entry. */
  WALLET_WELCOME_TOKENS: z.coerce.number().int().min(0).max(10_000_000).default(10_000),
  /**
   * Who takes payments: sandbox (the built-in gateway, test money, public key), midtrans (needs
   * MIDTRANS_SERVER_KEY) or off; unset: midtrans with a key, else sandbox outside production, off in it.
   */
  PAYMENT_GATEWAY: z.enum(["sandbox", "midtrans", "off"]).optional(),
  /** Midtrans server key, used when PAYMENT_GATEWAY is midtrans (or unset). */
  MIDTRANS_SERVER_KEY: z.string().min(1).optional(),
  /** Midtrans production (true) or sandbox (false) base URL. */
  MIDTRANS_IS_PRODUCTION: booleanString.default(false),
  /** Base URL of a Midtrans-compatible Snap API, overriding the two above (a test server, a proxy). */
  PAYMENT_GATEWAY_URL: url(["http:", "https:"]).optional(),
  /**
   * Token packages as JSON, `[{"id":"starter","name":"Starter","price":50000,"tokens":10500}, ...]`;
   * unset: Starter, Pro and Ultimate.
   */
  TOKEN_PACKAGES: z.string().min(2).optional(),
  /** Minutes a payment order may stay pending before it is marked expired. */
  PAYMENT_ORDER_TTL_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  /** Who answers Aleph's chats: builtin (the forum's own threads, no network), openai, huggingface. */
  ALEPH_PROVIDER: z.enum(["builtin", "openai", "huggingface"]).default("builtin"),
  /** OpenAI-compatible chat completions API (hosted LLMs, local model servers, n8n webhooks). */
  OPENAI_BASE_URL: url(["http:", "https:"]).default("https://api.openai.com/v1"),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
  /** Hugging Face inference API: the model's URL is HF_API_URL/HF_MODEL. */
  HF_API_URL: url(["http:", "https:"]).default("https://api-inference.huggingface.co/models"),
  HF_TOKEN: z.string().optional(),
  HF_MODEL: z.string().min(1).default("mistralai/Mistral-7B-Instruct-v0.3"),
  /** Deadline for one answer from an external provider. */
  ALEPH_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600000).default(60000),
  /**
   * Longest an answer's token reservation stays open; then the recovery job presumes its process
   * dead and releases it (or charges it, if the answer was stored). Unset: 2 × ALEPH_TIMEOUT_MS + 60 s.
   */
  ALEPH_RESERVATION_TTL_MS: z.coerce.number().int().min(10_000).max(86_400_000).optional(),
  /** Largest answer one message may produce; the balance must cover it before asking. */
  ALEPH_MAX_OUTPUT_TOKENS: z.coerce.number().int().min(16).max(32000).default(1024),
  /** Where uploaded documents' bytes are kept: disk (STORAGE_DIR) or s3 (an S3-compatible server). */
  STORAGE: z.enum(["disk", "s3"]).default("disk"),
  /** The folder of STORAGE=disk. */
  STORAGE_DIR: z.string().min(1).default(".data/storage"),
  /** An S3-compatible server's URL (SeaweedFS, Ceph, R2, ...); unset: AWS in S3_REGION. */
  S3_ENDPOINT: url(["http:", "https:"]).optional(),
  /** The bucket of STORAGE=s3 (it must exist). */
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name (3-63 of a-z 0-9 . -)").optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  /** Both or neither; unset: the AWS SDK's own chain (environment, instance role). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Address objects as endpoint/bucket/key (most self-hosted servers) instead of bucket.endpoint/key. */
  S3_FORCE_PATH_STYLE: booleanString.default(false),
  /** Largest document a member may upload, in bytes (default 10 MiB). */
  DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(10 * 1024 * 1024),
  /** What all of one member's documents may add up to, in bytes (default 100 MiB). */
  DOCUMENT_QUOTA_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024 * 1024).default(100 * 1024 * 1024),
  /**
   * The Web Push (VAPID) key pair, base64url: the public key is an uncompressed P-256 point (65
   * bytes), the private key its 32-byte scalar (npx web-push generate-vapid-keys). Both or neither;
   * unset: generated once and kept in .data/vapid-keys.json (server/platform/push.ts).
   */
  VAPID_PUBLIC_KEY: z.string().regex(/^[\w-]{87}$/, "must be a P-256 public key, 65 bytes in base64url").optional(),
  VAPID_PRIVATE_KEY: z.string().regex(/^[\w-]{43}$/, "must be a P-256 private key, 32 bytes in base64url").optional(),
  /** Who push services contact about this sender: mailto: or https: (unset: mailto: MAIL_FROM's address). */
  VAPID_SUBJECT: z
    .string()
    .refine((value) => /^mailto:[^\s@]+@[^\s@]+$/.test(value) || url(["https:"]).safeParse(value).success, "must be mailto:address or an https:// URL")
    .optional(),
  /**
   * Webhook endpoints on this machine's loopback (http://127.0.0.1, localhost, [::1]), http allowed
   * for them: for tests and local development only. Off: https to public addresses only.
   */
  WEBHOOK_ALLOW_LOOPBACK: booleanString.default(false),
});

export type Env = z.infer<typeof envSchema>;

/** Parses an environment, throwing one readable line per bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty string means "not set" for everything except REDIS_URL, where it turns Redis off.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([key, value]) => value !== "" || key === "REDIS_URL"),
  );
  const result = envSchema.safeParse(cleaned);
  if (result.success && result.data.NODE_ENV === "production" && !result.data.APP_URL) {
    // Without it, links would have to come from the request's Host header, which the caller chooses.
    throw new EnvError(
      "Invalid configuration:\n  APP_URL: required in production, the site's public origin such as https://forum.example (not set)",
    );
  }
  if (result.success) {
    const problems = [...storageProblems(result.data), ...vapidProblems(result.data)];
    if (problems.length) throw new EnvError(`Invalid configuration:\n${problems.map((line) => `  ${line}`).join("\n")}`);
    return result.data;
  }
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    const got = source[name];
    return `  ${name}: ${issue.message}${got === undefined ? " (not set)" : ` (got "${got}")`}`;
  });
  throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
}

/** What STORAGE=s3 needs beyond each variable's own shape. */
function storageProblems(env: z.infer<typeof envSchema>): string[] {
  const problems: string[] = [];
  if (env.STORAGE === "s3" && !env.S3_BUCKET) problems.push("S3_BUCKET: required when STORAGE=s3 (not set)");
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
    problems.push("S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: set both or neither");
  }
  if (env.DOCUMENT_QUOTA_BYTES < env.DOCUMENT_MAX_BYTES) {
    problems.push(`DOCUMENT_QUOTA_BYTES: must be at least DOCUMENT_MAX_BYTES (${env.DOCUMENT_MAX_BYTES})`);
  }
  return problems;
}

/** A VAPID key pair given by hand must be whole and belong together, or every push would be refused. */
function vapidProblems(env: z.infer<typeof envSchema>): string[] {
  if (!env.VAPID_PUBLIC_KEY && !env.VAPID_PRIVATE_KEY) return [];
  if (!env.VAPID_PUBLIC_KEY || !env.VAPID_PRIVATE_KEY) return ["VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: set both or neither"];
  try {
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(Buffer.from(env.VAPID_PRIVATE_KEY, "base64url"));
    if (ecdh.getPublicKey("base64url") === env.VAPID_PUBLIC_KEY) return [];
  } catch {
    // Not a valid scalar for P-256: the same answer as a mismatch.
  }
  return ["VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: not one key pair (the public key must be the private key's)"];
}

export class EnvError extends Error {
  override name = "EnvError";
}

/** The folder the scripts keep local state in (scripts/lib.sh DATA_DIR): keys generated at first start live there. */
export function dataDir(): string {
  return process.env.ALEPH_DATA_DIR ?? ".data";
}

let cached: Env | undefined;

/** The process configuration; reads .env (if present) once, without overriding real variables. */
export function env(): Env {
  if (!cached) {
    if (existsSync(".env")) process.loadEnvFile(".env");
    cached = parseEnv(process.env);
  }
  return cached;
}
