import { z } from "zod";
import type { Prisma } from "../../platform/db/postgres.ts";
import { NotFoundError } from "../../platform/errors.ts";
import { discardJob, listDeadJobs, lockDeadJob, retryJob, type DeadJob } from "../../platform/jobs.ts";
import { bigRowId } from "../schemas.ts";
import { cursorInput, pageLimit, toPage, type Page } from "../pagination.ts";
import { recordStaffAction, type AdminActor } from "../staff-log/service.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/*
 * Jobs that exhausted their retries (admin.jobs.*): listed with their error and attempts, and
 * retried or discarded by an admin, each in one transaction with its staff log line.
 */

export const deadJobsInput = z.object({ cursor: cursorInput(z.object({ id: bigRowId })).optional(), limit: pageLimit });
export const deadJobInput = z.object({ id: bigRowId });

export async function listDeadLetterJobs({ prisma }: { prisma: Prisma }, input: z.output<typeof deadJobsInput>): Promise<Page<DeadJob>> {
  const rows = await listDeadJobs(prisma, { before: input.cursor ? BigInt(input.cursor.id) : undefined, limit: input.limit + 1 });
  return toPage(rows, input.limit, (row) => row, (row) => ({ id: row.id }));
}

const notDead = () => new NotFoundError(m.error_deadLetter_notFound());

const logged = (job: DeadJob) => ({ task: job.task, attempts: job.attempts, maxAttempts: job.maxAttempts, lastError: job.lastError?.slice(0, 500) ?? null });

/** Runs a dead job again now with a fresh set of attempts. */
export async function retryDeadLetterJob({ prisma }: { prisma: Prisma }, admin: AdminActor, id: string): Promise<{ id: string }> {
  await prisma.$transaction(async (tx) => {
    const job = await lockDeadJob(tx, BigInt(id));
    if (!job) throw notDead();
    await retryJob(tx, BigInt(id));
    await recordStaffAction(tx, admin, { action: "job.retry", targetType: "job", targetId: id, before: logged(job), after: { attempts: 0 } });
  });
  return { id };
}

/** Deletes a dead job for good. */
export async function discardDeadLetterJob({ prisma }: { prisma: Prisma }, admin: AdminActor, id: string): Promise<{ id: string }> {
  await prisma.$transaction(async (tx) => {
    const job = await lockDeadJob(tx, BigInt(id));
    if (!job) throw notDead();
    await discardJob(tx, BigInt(id));
    await recordStaffAction(tx, admin, { action: "job.discard", targetType: "job", targetId: id, before: { ...logged(job), payload: job.payload.slice(0, 500) } });
  });
  return { id };
}
