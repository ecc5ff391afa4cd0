import { adminProcedure, protectedProcedure, router } from "../../trpc/init.ts";
import { badgeFieldsInput, badgeHolderInput, badgeHoldersInput, badgeUpdateInput, primaryBadgeInput } from "./schemas.ts";
import {
  awardBadge,
  createBadge,
  listBadgeHolders,
  listBadges,
  listOwnBadges,
  revokeBadge,
  setPrimaryBadge,
  updateBadge,
} from "./service.ts";

/** The member's own badges (spread into `user.*` by server/trpc/root.ts). */
export const ownBadgeProcedures = {
  /** The badges the caller holds, the primary one first. */
  badges: protectedProcedure.query(({ ctx }) => listOwnBadges(ctx, ctx.user.id)),

  /** Picks which held badge shows beside the caller's name (null: none). */
  setPrimaryBadge: protectedProcedure.input(primaryBadgeInput).mutation(({ ctx, input }) => setPrimaryBadge(ctx, ctx.user.id, input.badgeId)),
};

/** admin.badges: staff only, every change in the staff log. */
export const badgeAdminRouter = router({
  list: adminProcedure.query(({ ctx }) => listBadges(ctx)),

  create: adminProcedure.input(badgeFieldsInput).mutation(({ ctx, input }) => createBadge(ctx, ctx.admin, input)),

  update: adminProcedure.input(badgeUpdateInput).mutation(({ ctx, input: { id, ...fields } }) => updateBadge(ctx, ctx.admin, id, fields)),

  /** Members holding a badge, a page at a time. */
  holders: adminProcedure.input(badgeHoldersInput).query(({ ctx, input }) => listBadgeHolders(ctx, input)),

  award: adminProcedure.input(badgeHolderInput).mutation(({ ctx, input }) => awardBadge(ctx, ctx.admin, input)),

  /** A revoked primary badge leaves the member with none. */
  revoke: adminProcedure.input(badgeHolderInput).mutation(({ ctx, input }) => revokeBadge(ctx, ctx.admin, input)),
});
