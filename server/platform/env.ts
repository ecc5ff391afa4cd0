import { existsSync } from "node:fs";
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

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Public origin of the site, used for links in mail, OG tags and WebAuthn. */
  APP_URL: url(["http:", "https:"]).optional(),
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
  /** How long a graceful shutdown may wait for in-flight requests. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120000).default(10000),
  /** Run pending migrations when the server starts. */
  MIGRATE_ON_START: booleanString.default(true),
  /** Fill an empty database with demo data when the server starts. */
  SEED_ON_START: booleanString.default(false),
});

export type Env = z.infer<typeof envSchema>;

/** Parses an environment, throwing one readable line per bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty string means "not set" for everything except REDIS_URL, where it turns Redis off.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([key, value]) => value !== "" || key === "REDIS_URL"),
  );
  const result = envSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    const got = source[name];
    return `  ${name}: ${issue.message}${got === undefined ? " (not set)" : ` (got "${got}")`}`;
  });
  throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
}

export class EnvError extends Error {
  override name = "EnvError";
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
