import {
  Logger as WorkerLogger,
  run,
  runMigrations,
  runOnce,
  type Runner,
  type TaskList,
} from "graphile-worker";
import type { Logger } from "./logger.ts";
import type { Prisma } from "./db/postgres.ts";

/**
 * Durable background jobs with graphile-worker: jobs are rows in PostgreSQL (schema
 * graphile_worker), so a job added inside a transaction exists exactly when the transaction
 * commits, survives a crash, and is retried with exponential backoff until it succeeds or
 * runs out of attempts. Handlers must therefore be idempotent.
 */

/** Task names and what each does; server/modules/jobs.ts holds the application's. */
export interface JobRegistry {
  tasks: TaskList;
  /** graphile-worker crontab lines for periodic tasks (empty for none). */
  crontab: string;
}

export interface JobRunnerOptions {
  connectionString: string;
  registry: JobRegistry;
  logger: Logger;
  concurrency?: number;
  pollInterval?: number;
}

/** graphile-worker's log lines, through the application's JSON logger. */
function workerLogger(logger: Logger) {
  const jobs = logger.child({ component: "jobs" });
  return new WorkerLogger(() => (level, message, meta) => {
    const line = { ...meta };
    if (level === "error") jobs.error(line, message);
    else if (level === "warning") jobs.warn(line, message);
    else if (level === "info") jobs.info(line, message);
    else jobs.debug(line, message);
  });
}

function sharedOptions(options: JobRunnerOptions) {
  return {
    connectionString: options.connectionString,
    taskList: options.registry.tasks,
    crontab: options.registry.crontab,
    logger: workerLogger(options.logger),
    // server/main.ts owns the process signals and stops the runner itself.
    noHandleSignals: true,
  };
}

/** Creates or upgrades the graphile_worker schema; needed before the first `enqueueJob`. */
export async function prepareJobQueue(connectionString: string, logger: Logger): Promise<void> {
  await runMigrations({ connectionString, logger: workerLogger(logger) });
}

/** Starts working jobs (and the crontab) until `stop()`; prepares the schema first. */
export async function startJobRunner(options: JobRunnerOptions): Promise<Runner> {
  return run({
    ...sharedOptions(options),
    concurrency: options.concurrency ?? 2,
    pollInterval: options.pollInterval ?? 2_000,
  });
}

/** Runs every job that is due now, then returns: for tests and one-off maintenance. */
export async function runDueJobs(options: JobRunnerOptions): Promise<void> {
  await runOnce(sharedOptions(options));
}

export interface EnqueueOptions {
  /** A job with the same key that has not started yet is replaced rather than duplicated. */
  jobKey?: string;
  maxAttempts?: number;
}

/**
 * Adds a job inside a Prisma interactive transaction (`prisma.$transaction(async (tx) => ...)`),
 * so the job is committed, or rolled back, together with the change it follows.
 */
export async function enqueueJob(
  tx: Pick<Prisma, "$executeRaw">,
  task: string,
  payload: Record<string, unknown>,
  options: EnqueueOptions = {},
): Promise<void> {
  await tx.$executeRaw`
    SELECT graphile_worker.add_job(
      ${task},
      ${JSON.stringify(payload)}::json,
      job_key := ${options.jobKey ?? null}::text,
      max_attempts := ${options.maxAttempts ?? 25}::int
    )`;
}
