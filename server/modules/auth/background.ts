import type { Context } from "../../trpc/context.ts";

/** Work still running after its request was answered; a shutdown (and a test) waits for it. */
const running = new Set<Promise<void>>();

/**
 * Mail goes out after the answer: a slow SMTP server neither delays the page nor, for a
 * password reset, reveals by timing whether the address has an account.
 */
export function inBackground(ctx: Context, what: string, work: () => Promise<void>) {
  const task = work()
    .catch((error: unknown) => ctx.logger.error({ err: error }, `${what} failed`))
    .finally(() => running.delete(task));
  running.add(task);
}

/** Resolves once every piece of background work started so far has finished. */
export async function backgroundWorkDone(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running]);
}

/** What the recovery mails need, from a request context. */
export const recoveryDeps = (ctx: Context) => ({ prisma: ctx.prisma, mailer: ctx.mailer });
