import { protectedProcedure } from "../../trpc/init.ts";
import { securityEventsInput } from "./schemas.ts";
import { listSecurityEvents } from "./service.ts";

/** `user.securityEvents`: the signed-in member's own security history, page by page. */
export const securityEventsProcedure = protectedProcedure
  .input(securityEventsInput)
  .query(({ ctx, input }) => listSecurityEvents(ctx.prisma, ctx.user.id, input.limit, input.cursor?.id));
