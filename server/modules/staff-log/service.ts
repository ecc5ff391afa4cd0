import type { Prisma as PrismaNamespace } from "../../platform/db/generated/client.ts";
import type { Prisma } from "../../platform/db/postgres.ts";

/** The admin making a request: set on the context only for a session past its second factor. */
export interface AdminActor {
  id: number;
  email: string;
  username: string;
}

/** The client, or a transaction of it: an action in PostgreSQL logs itself in its own transaction. */
export type StaffLogWriter = Pick<Prisma, "staffAction">;

export interface StaffActionEntry {
  /** Dotted verb, `<target>.<verb>`: report.resolve, member.warn, member.lock, device.ban, badge.award, ... */
  action: string;
  targetType: string;
  targetId: string | number;
  /** The target's relevant fields before and after the action (null where there is no such side). */
  before?: PrismaNamespace.InputJsonValue | null;
  after?: PrismaNamespace.InputJsonValue | null;
  note?: string | null;
}

/**
 * Writes one line of the staff action log (who, what, target, before/after, when). Every admin
 * action calls this: in the same PostgreSQL transaction as the change when the change is in
 * PostgreSQL, so a change is never left unlogged; after the change when it lives in MongoDB.
 * Rows are append-only (a trigger refuses UPDATE and DELETE).
 */
export async function recordStaffAction(db: StaffLogWriter, admin: Pick<AdminActor, "id">, entry: StaffActionEntry): Promise<void> {
  await db.staffAction.create({
    data: {
      adminId: admin.id,
      action: entry.action,
      targetType: entry.targetType,
      targetId: String(entry.targetId).slice(0, 64),
      before: entry.before ?? undefined,
      after: entry.after ?? undefined,
      note: entry.note?.slice(0, 1000) ?? null,
    },
  });
}
