import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createRuntime } from "./app-services.ts";
import { createHttpApp } from "./http/app.ts";
import { mongoCheck, postgresCheck } from "./http/health.ts";
import { createMetricsApp } from "./http/metrics-access.ts";
import { backgroundWorkDone } from "./modules/auth/background.ts";
import { createJobRegistry } from "./modules/jobs.ts";
import { syncMongoIndexes } from "./modules/mongo-models.ts";
import { migrate } from "./platform/db/migrate.ts";
import { connectMongo, disconnectMongo, mongoConnection } from "./platform/db/mongo.ts";
import { createPostgres } from "./platform/db/postgres.ts";
import { env as loadEnv, EnvError } from "./platform/env.ts";
import { createLogger } from "./platform/logger.ts";
import { countDeadJobsByTask, startJobRunner } from "./platform/jobs.ts";
import { createMetrics } from "./platform/metrics.ts";
import { createRedis } from "./platform/redis.ts";
import { seedDemoData } from "../prisma/seed.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main() {
  let env;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: env.LOG_LEVEL });
  const metrics = createMetrics();

  if (env.MIGRATE_ON_START) {
    const { applied } = await migrate(env.DATABASE_URL, { log: (line) => logger.info(line) });
    if (applied.length) logger.info({ applied }, "database migrated");
  }
  const postgres = createPostgres({ url: env.DATABASE_URL, max: env.DATABASE_POOL_MAX });
  metrics.watchPostgresPool(postgres.pool);
  await connectMongo(env.MONGODB_URL, { timeoutMs: env.MONGODB_TIMEOUT_MS });
  metrics.watchMongoPool(mongoConnection());
  await syncMongoIndexes();
  const redis = createRedis(env.REDIS_URL);
  // Every long-lived piece (cache, mailer, Lucia, rate limits, AI provider, ...) is built here, once.
  const runtime = createRuntime({ env, logger, metrics, prisma: postgres.prisma, redis });
  const jobRegistry = createJobRegistry(runtime);
  const jobRunner = await startJobRunner({ connectionString: env.DATABASE_URL, registry: jobRegistry, logger });
  metrics.watchDeadLetterJobs(() => countDeadJobsByTask(postgres.prisma), Object.keys(jobRegistry.tasks));
  if (env.SEED_ON_START) await seedDemoData({ prisma: runtime.prisma, config: runtime.env, log: (line) => logger.info(line) });

  const buildPath = path.join(root, "build/index.js");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const app = createHttpApp({
    runtime,
    build,
    readinessChecks: [postgresCheck(postgres.pool), mongoCheck(mongoConnection())],
    publicDir: path.join(root, "public"),
  });

  const server = createServer(app);
  // Keep-alive sockets must not hold a shutdown hostage longer than the load balancer's.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(env.PORT, env.HOST, resolve));
  const shownHost = env.HOST === "0.0.0.0" ? "localhost" : env.HOST;
  logger.info({ url: `http://${shownHost}:${env.PORT}` }, "Alephdraad is listening");
  // Prometheus scrapes this one; who can reach it is decided by METRICS_HOST (127.0.0.1 by default).
  const metricsServer = env.METRICS_PORT === undefined ? undefined : createServer(createMetricsApp(metrics));
  if (metricsServer) {
    // A taken port fails the start with its reason, as a bad variable does.
    await new Promise<void>((resolve, reject) => {
      metricsServer.once("error", reject);
      metricsServer.listen(env.METRICS_PORT, env.METRICS_HOST, resolve);
    });
    logger.info({ url: `http://${env.METRICS_HOST}:${env.METRICS_PORT}/metrics` }, "metrics are served");
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: no new connections, finishing in-flight requests");
    const force = setTimeout(() => {
      logger.warn("in-flight requests did not finish in time; closing connections");
      server.closeAllConnections();
    }, env.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    metricsServer?.close();
    metricsServer?.closeAllConnections();
    // Live streams never finish by themselves: end them (their browsers resume on another process).
    void runtime.live.close();
    server.close(async () => {
      clearTimeout(force);
      // Mail of answered requests, then jobs: both still need the databases; an unfinished job
      // is retried later, unsent mail is not, so it gets the shutdown's deadline.
      await Promise.race([backgroundWorkDone(), new Promise((resolve) => setTimeout(resolve, env.SHUTDOWN_TIMEOUT_MS).unref())]);
      await jobRunner.stop().catch(() => {});
      await Promise.allSettled([postgres.close(), disconnectMongo(), redis?.quit()]);
      logger.info("stopped");
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error("Alephdraad failed to start:", error instanceof Error ? error.message : error);
  if (error instanceof Error && error.stack && process.env.LOG_LEVEL === "debug") console.error(error.stack);
  process.exit(1);
});
