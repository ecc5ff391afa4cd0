import { z } from "zod";
import { cursorInput } from "../pagination.ts";
import { threadId } from "../schemas.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

export const NOTIFICATION_TYPES = ["reply", "mention", "reaction", "badge", "warning", "report", "payment", "low_balance"] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const THREAD_LEVELS = ["watching", "normal", "muted"] as const;
export type ThreadLevel = (typeof THREAD_LEVELS)[number];

/** Where a page of notifications ends: updated_at in microseconds (PostgreSQL's precision) and the id. */
export const notificationCursorPosition = z.object({
  at: z.number().int().min(0).max(1e16),
  id: z.string().max(40),
});
export type NotificationCursor = z.output<typeof notificationCursorPosition>;

export const listInput = z
  .object({
    cursor: cursorInput(notificationCursorPosition).optional(),
    limit: z.number().int().min(1, { error: () => m.input_notification_limitTooSmall() }).max(50, { error: () => m.input_notification_limitTooLarge() }).default(20),
  })
  .default({ limit: 20 });

export const notificationIdInput = z.object({
  id: z.string().trim().min(1, { error: () => m.input_notification_idRequired() }).max(40, { error: () => m.error_notification_notFound() }),
});

const notificationType = z.enum(NOTIFICATION_TYPES, { error: () => m.input_notification_typeUnknown() });

export const setPreferenceInput = z.object({
  type: notificationType,
  inApp: z.boolean().optional(),
  email: z.boolean().optional(),
  push: z.boolean().optional(),
});

export const threadLevelInput = z.object({ threadId });
export const setThreadLevelInput = z.object({ threadId, level: z.enum(THREAD_LEVELS, { error: () => m.input_notification_levelUnknown() }) });

