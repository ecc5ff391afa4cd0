import { protectedProcedure, router } from "../../trpc/init.ts";
import { listInput, notificationIdInput, setPreferenceInput, setThreadLevelInput, threadLevelInput } from "./schemas.ts";
import {
  getThreadLevel,
  getUnreadCount,
  listNotifications,
  listPreferences,
  markAllRead,
  markRead,
  setPreference,
  setThreadLevel,
} from "./service.ts";

/** notification: the caller's own notifications, preferences and thread levels, never anyone else's. */
export const notificationRouter = router({
  /** Newest first by updatedAt (a reaction group moves up when it grows). */
  list: protectedProcedure.input(listInput).query(({ ctx, input }) => listNotifications(ctx, ctx.user, input)),

  unreadCount: protectedProcedure.query(({ ctx }) => getUnreadCount(ctx, ctx.user.id)),

  markRead: protectedProcedure.input(notificationIdInput).mutation(({ ctx, input }) => markRead(ctx, ctx.user.id, input.id)),

  markAllRead: protectedProcedure.mutation(({ ctx }) => markAllRead(ctx, ctx.user.id)),

  /** Every type, defaults filled in. */
  preferences: protectedProcedure.query(({ ctx }) => listPreferences(ctx, ctx.user.id)),

  setPreference: protectedProcedure.input(setPreferenceInput).mutation(({ ctx, input }) => setPreference(ctx, ctx.user.id, input)),

  /** The caller's level on a visible thread: watching, normal or muted. */
  threadLevel: protectedProcedure.input(threadLevelInput).query(({ ctx, input }) => getThreadLevel(ctx, ctx.user.id, input.threadId)),

  setThreadLevel: protectedProcedure
    .input(setThreadLevelInput)
    .mutation(({ ctx, input }) => setThreadLevel(ctx, ctx.user.id, input.threadId, input.level)),
});
