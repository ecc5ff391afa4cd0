import cluster from "node:cluster";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { availableParallelism } from "node:os";
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
import { env as loadEnv, EnvError, type Env } from "./platform/env.ts";
import { createLogger, type Logger } from "./platform/logger.ts";
import { countDeadJobsByTask, startJobRunner } from "./platform/jobs.ts";
import { createMetrics } from "./platform/metrics.ts";
import { createRedis } from "./platform/redis.ts";
import { seedDemoData } from "../prisma/seed.ts";

/** The project's folder: the nearest above this file (server/ or the built build/server/) with a package.json. */
function projectRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(folder, "package.json")) && path.dirname(folder) !== folder) folder = path.dirname(folder);
  return folder;
}
const root = projectRoot();

/** The one process (or a worker's, see below) that serves: its `index` counts from 1, the first runs the jobs. */
const WORKER_INDEX_VARIABLE = "ALEPH_WORKER_INDEX";

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
  if (cluster.isPrimary) {
    const processes = processCountOf(env);
    // Once, before any process serves: migrations and the demo seed are never raced by workers.
    await prepareDatabases(env, logger);
    if (processes > 1) return superviseWorkers(processes, logger);
    return serve(env, logger, 1);
  }
  return serve(env, logger, Number(process.env[WORKER_INDEX_VARIABLE]));
}

/**
 * WEB_CONCURRENCY, or one process per available core; one without Redis (caches, limits and live
 * events would not be shared) and with the dev mailbox (it lists one process's mail).
 */
function processCountOf(env: Env): number {
  const single = env.REDIS_URL === "" ? "REDIS_URL is empty" : env.DEV_MAILBOX && !env.SMTP_URL ? "DEV_MAILBOX is on" : null;
  if (single === null) return env.WEB_CONCURRENCY ?? availableParallelism();
  if ((env.WEB_CONCURRENCY ?? 1) > 1) throw new EnvError(`WEB_CONCURRENCY above 1 cannot run while ${single}: processes share caches, limits, events and mail only through Redis and SMTP`);
  return 1;
}

async function prepareDatabases(env: Env, logger: Logger) {
  if (env.MIGRATE_ON_START) {
    const { applied } = await migrate(env.DATABASE_URL, { log: (line) => logger.info(line), migrationsDir: path.join(root, "prisma/migrations") });
    if (applied.length) logger.info({ applied }, "database migrated");
  }
  await connectMongo(env.MONGODB_URL, { timeoutMs: env.MONGODB_TIMEOUT_MS });
  await syncMongoIndexes();
  if (env.SEED_ON_START) {
    const postgres = createPostgres({ url: env.DATABASE_URL, max: 2 });
    await seedDemoData({ prisma: postgres.prisma, config: env, log: (line) => logger.info(line) });
    await postgres.close();
  }
  // A worker connects for itself; the primary that forks them keeps no connection.
  if (cluster.isPrimary && processCountOf(env) > 1) await disconnectMongo();
}

/**
 * The primary of a multi-process start: forks `count` workers sharing PORT (node's cluster hands
 * connections round-robin), replaces one that dies, and on SIGTERM/SIGINT lets each finish.
 */
function superviseWorkers(count: number, logger: Logger) {
  let stopping = false;
  const fork = (index: number) => {
    const worker = cluster.fork({ [WORKER_INDEX_VARIABLE]: String(index) });
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      logger.error({ index, code, signal }, "server process died; starting another");
      setTimeout(() => fork(index), 1_000).unref();
    });
  };
  for (let index = 1; index <= count; index += 1) fork(index);
  logger.info({ processes: count }, "server processes started");
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    cluster.on("exit", () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

/** One serving process: `index` 1 also runs the background jobs (graphile-worker would be safe in several). */
async function serve(env: Env, logger: Logger, index: number) {
  const metrics = createMetrics();
  const postgres = createPostgres({ url: env.DATABASE_URL, max: env.DATABASE_POOL_MAX });
  metrics.watchPostgresPool(postgres.pool);
  if (cluster.isWorker) await connectMongo(env.MONGODB_URL, { timeoutMs: env.MONGODB_TIMEOUT_MS });
  metrics.watchMongoPool(mongoConnection());
  const redis = createRedis(env.REDIS_URL);
  // Every long-lived piece (cache, mailer, Lucia, rate limits, AI provider, ...) is built here, once.
  const runtime = createRuntime({ env, logger, metrics, prisma: postgres.prisma, redis });
  const jobRegistry = createJobRegistry(runtime);
  const jobRunner = index === 1 ? await startJobRunner({ connectionString: env.DATABASE_URL, registry: jobRegistry, logger }) : undefined;
  metrics.watchDeadLetterJobs(() => countDeadJobsByTask(postgres.prisma), Object.keys(jobRegistry.tasks));

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
  // Each process counts for itself: process N answers on METRICS_PORT + N - 1.
  const metricsPort = env.METRICS_PORT === undefined ? undefined : env.METRICS_PORT + index - 1;
  const metricsServer = metricsPort === undefined ? undefined : createServer(createMetricsApp(metrics));
  if (metricsServer) {
    // A taken port fails the start with its reason, as a bad variable does.
    await new Promise<void>((resolve, reject) => {
      metricsServer.once("error", reject);
      metricsServer.listen(metricsPort, env.METRICS_HOST, resolve);
    });
    logger.info({ url: `http://${env.METRICS_HOST}:${metricsPort}/metrics` }, "metrics are served");
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
      await jobRunner?.stop().catch(() => {});
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
