import type { Prisma } from "../../platform/db/postgres.ts";
import { toPage } from "../pagination.ts";

/** Every security-relevant event a member can see on their security page (/pengaturan/keamanan). */
export const SECURITY_EVENT_TYPES = [
  "register",
  "login",
  "login_failed",
  "account_locked",
  "logout",
  "session_revoked",
  "password_changed",
  "password_reset_requested",
  "email_verified",
  "passkey_added",
  "passkey_removed",
  "totp_enabled",
  "totp_disabled",
  "backup_code_used",
  "access_token_created",
  "access_token_revoked",
  /** Every token at once, with `count` and `reason` (password_changed). */
  "access_tokens_revoked",
  "device_banned_attempt",
  "payment_signature_invalid",
  /** The admin area's own (admin_id set, never on a member's page): setup links, sign-ins. */
  "admin_setup_link",
  "admin_setup_completed",
  "admin_login",
  "admin_login_failed",
  "admin_logout",
] as const;
export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number];

export interface SecurityEventInput {
  userId?: number | null;
  adminId?: number | null;
  eventType: SecurityEventType;
  ipAddress?: string | null;
  userAgent?: string | null;
  metadata?: Record<string, string | number | boolean | null>;
}

export async function recordSecurityEvent(prisma: Prisma, event: SecurityEventInput): Promise<void> {
  await prisma.securityEvent.create({
    data: {
      userId: event.userId ?? null,
      adminId: event.adminId ?? null,
      eventType: event.eventType,
      ipAddress: event.ipAddress?.slice(0, 64) ?? null,
      userAgent: event.userAgent?.slice(0, 512) ?? null,
      metadata: event.metadata ?? {},
    },
  });
}

/** The member's own security events, newest first, by keyset on the id. */
export async function listSecurityEvents(prisma: Prisma, userId: number, limit: number, beforeId?: string) {
  const rows = await prisma.securityEvent.findMany({
    where: { userId, ...(beforeId ? { id: { lt: BigInt(beforeId) } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  return toPage(
    rows,
    limit,
    (row) => ({
      id: row.id.toString(),
      eventType: row.eventType,
      ipAddress: row.ipAddress,
      userAgent: row.userAgent,
      metadata: row.metadata,
      createdAt: row.createdAt,
    }),
    (row) => ({ id: row.id.toString() }),
  );
}
