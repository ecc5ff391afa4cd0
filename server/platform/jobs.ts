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
  /** When the job may run first (default now). */
  runAt?: Date;
  /**
   * What a new job does to a pending one with the same key (graphile-worker's job_key_mode):
   * `replace` (default) takes the new payload and run time, `preserve_run_at` keeps the pending
   * job's run time (a digest already due in 20 minutes is not pushed back by each new event).
   */
  jobKeyMode?: "replace" | "preserve_run_at";
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
      max_attempts := ${options.maxAttempts ?? 25}::int,
      run_at := ${options.runAt ?? null}::timestamptz,
      job_key_mode := ${options.jobKeyMode ?? null}::text
    )`;
}

/*
 * The dead-letter list: jobs that used every attempt (attempts >= max_attempts). graphile-worker
 * keeps them (it never deletes a failed job) and never runs them again by itself; an admin retries
 * or discards each (server/modules/dead-letter/). A job a worker holds right now (locked) is
 * never touched.
 */

export interface DeadJob {
  id: string;
  task: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  /** The job's payload as JSON text, cut to 1,000 characters. */
  payload: string;
  key: string | null;
  createdAt: Date;
  updatedAt: Date;
}

type JobsSql = Pick<Prisma, "$queryRaw">;

/** Dead jobs, the most recently failed first, `limit` from after `before` (an id). */
export async function listDeadJobs(db: JobsSql, input: { before?: bigint | undefined; limit: number }): Promise<DeadJob[]> {
  const rows = await db.$queryRaw<
    { id: bigint; task: string; attempts: number; max_attempts: number; last_error: string | null; payload: string; key: string | null; created_at: Date; updated_at: Date }[]
  >`
    SELECT j.id, t.identifier AS task, j.attempts, j.max_attempts, j.last_error, left(j.payload::text, 1000) AS payload,
           j.key, j.created_at, j.updated_at
    FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
    WHERE j.attempts >= j.max_attempts AND j.locked_at IS NULL
      AND (${input.before ?? null}::bigint IS NULL OR j.id < ${input.before ?? null}::bigint)
    ORDER BY j.id DESC
    LIMIT ${input.limit}`;
  return rows.map((row) => ({
    id: String(row.id),
    task: row.task,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    payload: row.payload,
    key: row.key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

/** How many dead jobs each task has (tasks without any are absent). */
export async function countDeadJobsByTask(db: JobsSql): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ task: string; count: bigint }[]>`
    SELECT t.identifier AS task, count(*) AS count
    FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
    WHERE j.attempts >= j.max_attempts
    GROUP BY t.identifier`;
  return new Map(rows.map((row) => [row.task, Number(row.count)]));
}

/**
 * Locks one dead job for the rest of the transaction and returns it, or null when it is not
 * (or no longer) dead: of two admins acting on one job, the second finds nothing.
 */
export async function lockDeadJob(tx: JobsSql, id: bigint): Promise<DeadJob | null> {
  const [row] = await tx.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM graphile_worker._private_jobs
    WHERE id = ${id} AND attempts >= max_attempts AND locked_at IS NULL
    FOR UPDATE`;
  if (!row) return null;
  const [job] = await listDeadJobs(tx, { before: id + 1n, limit: 1 });
  return job?.id === String(id) ? job : null;
}

/** Gives a dead job a fresh set of attempts, due now (graphile-worker's reschedule_jobs). */
export async function retryJob(tx: JobsSql, id: bigint): Promise<void> {
  await tx.$queryRaw`SELECT id FROM graphile_worker.reschedule_jobs(ARRAY[${id}]::bigint[], run_at := now(), attempts := 0)`;
}

/** Deletes a job for good (graphile-worker's complete_jobs). */
export async function discardJob(tx: JobsSql, id: bigint): Promise<void> {
  await tx.$queryRaw`SELECT id FROM graphile_worker.complete_jobs(ARRAY[${id}]::bigint[])`;
}
