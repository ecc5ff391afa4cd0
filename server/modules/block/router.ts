import { z } from "zod";
import { protectedProcedure, router } from "../../trpc/init.ts";
import { usernameSchema } from "../auth/schemas.ts";
import { cursorInput } from "../pagination.ts";
import { rowId } from "../schemas.ts";
import { addBlock, blockStatus, listBlocks, removeBlock } from "./service.ts";

const blockCursor = cursorInput(z.object({ at: z.number().int().min(0).max(1e16), id: rowId }));

/** block: the members the caller blocked (they never notify the caller). */
export const blockRouter = router({
  list: protectedProcedure
    .input(z.object({ cursor: blockCursor.optional() }).default({}))
    .query(({ ctx, input }) => listBlocks(ctx.prisma, ctx.user.id, input)),

  /** Whether the caller blocked one member (by username). */
  status: protectedProcedure
    .input(z.object({ username: usernameSchema }))
    .query(({ ctx, input }) => blockStatus(ctx.prisma, ctx.user.id, input.username)),

  add: protectedProcedure
    .input(z.object({ username: usernameSchema }))
    .mutation(({ ctx, input }) => addBlock(ctx.prisma, ctx.user.id, input.username)),

  remove: protectedProcedure
    .input(z.object({ userId: rowId }))
    .mutation(({ ctx, input }) => removeBlock(ctx.prisma, ctx.user.id, input.userId)),
});
