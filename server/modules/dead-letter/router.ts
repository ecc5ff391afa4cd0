import { adminProcedure, router } from "../../trpc/init.ts";
import { deadJobInput, deadJobsInput, discardDeadLetterJob, listDeadLetterJobs, retryDeadLetterJob } from "./service.ts";

/** admin.jobs: background jobs out of attempts (the dead-letter list). */
export const deadLetterRouter = router({
  /** Most recently failed first, with task, last error and attempts. */
  list: adminProcedure.input(deadJobsInput).query(({ ctx, input }) => listDeadLetterJobs(ctx, input)),

  /** Runs it again now, with its attempts reset. */
  retry: adminProcedure.input(deadJobInput).mutation(({ ctx, input }) => retryDeadLetterJob(ctx, ctx.admin, input.id)),

  /** Deletes it for good. */
  discard: adminProcedure.input(deadJobInput).mutation(({ ctx, input }) => discardDeadLetterJob(ctx, ctx.admin, input.id)),
});
