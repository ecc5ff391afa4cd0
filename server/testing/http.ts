import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import { createRuntime } from "../app-services.ts";
import { createHttpApp } from "../http/app.ts";
import type { Prisma } from "../platform/db/postgres.ts";
import { parseEnv } from "../platform/env.ts";
import { createLogger, type Logger } from "../platform/logger.ts";
import { createMetrics } from "../platform/metrics.ts";
import type { Redis } from "../platform/redis.ts";

/**
 * The real Express app (CSRF check, compression, tRPC endpoint, response headers) in-process on
 * a random port of 127.0.0.1, with `env` over the test defaults (and the suite's Redis when given). Its requests never reach
 * Remix, so an empty route table stands in for the build.
 */
export async function startTestHttpApp(
  prisma: Prisma,
  env: Record<string, string> = {},
  options: { logger?: Logger; redis?: Redis | null } = {},
) {
  const runtime = createRuntime({
    env: parseEnv({ NODE_ENV: "test", REDIS_URL: "", ...env }),
    logger: options.logger ?? createLogger({ level: "silent" }),
    metrics: createMetrics(),
    prisma,
    redis: options.redis ?? null,
  });
  const app = createHttpApp({
    runtime,
    build: { routes: {} } as unknown as ServerBuild,
    readinessChecks: [],
    publicDir: "public",
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Its runtime: what the app's routes use (the live bus, metrics). */
    runtime,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
