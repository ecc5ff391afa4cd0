import { z } from "zod";
import { cursorInput } from "../pagination.ts";
import { threadId } from "../schemas.ts";

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
    limit: z.number().int().min(1, "Minimal 1 notifikasi per halaman.").max(50, "Maksimal 50 notifikasi per halaman.").default(20),
  })
  .default({ limit: 20 });

export const notificationIdInput = z.object({
  id: z.string().trim().min(1, "Pilih notifikasinya.").max(40, "Notifikasi tidak ditemukan."),
});

const notificationType = z.enum(NOTIFICATION_TYPES, "Jenis notifikasi tidak dikenal.");

export const setPreferenceInput = z.object({
  type: notificationType,
  inApp: z.boolean().optional(),
  email: z.boolean().optional(),
  push: z.boolean().optional(),
});

export const threadLevelInput = z.object({ threadId });
export const setThreadLevelInput = z.object({ threadId, level: z.enum(THREAD_LEVELS, "Pilih: ikuti, biasa atau bisukan.") });

