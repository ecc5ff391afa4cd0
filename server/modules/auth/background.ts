import type { Context } from "../../trpc/context.ts";

/**
 * Mail goes out after the answer: a slow SMTP server neither delays the page nor, for a
 * password reset, reveals by timing whether the address has an account.
 */
export function inBackground(ctx: Context, what: string, work: () => Promise<void>) {
  void work().catch((error: unknown) => ctx.logger.error({ err: error }, `${what} failed`));
}

/** What the recovery mails need, from a request context. */
export const recoveryDeps = (ctx: Context) => ({ prisma: ctx.prisma, mailer: ctx.mailer });
