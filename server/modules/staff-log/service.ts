import type { Prisma as PrismaNamespace } from "../../platform/db/generated/client.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { toPage, type Page } from "../pagination.ts";

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

export interface StaffLogFilter {
  adminId?: number | undefined;
  /** `report.` finds report.resolve and report.dismiss; a whole action matches itself. */
  actionPrefix?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
}

/** `admin.log.list`: the log newest first (by id, which only grows), by keyset on the id. */
export async function listStaffActions(
  prisma: Prisma,
  filter: StaffLogFilter,
  page: { limit: number; beforeId?: string | undefined },
): Promise<Page<StaffLogItem>> {
  const rows = await prisma.staffAction.findMany({
    where: {
      ...(filter.adminId !== undefined ? { adminId: filter.adminId } : {}),
      // Prisma passes startsWith to LIKE as it is: its wildcards must only match themselves.
      ...(filter.actionPrefix ? { action: { startsWith: filter.actionPrefix.replace(/[\\%_]/g, "\\$&") } } : {}),
      ...(filter.targetType ? { targetType: filter.targetType } : {}),
      ...(filter.targetId ? { targetId: filter.targetId } : {}),
      ...(page.beforeId ? { id: { lt: BigInt(page.beforeId) } } : {}),
    },
    include: { admin: { select: { username: true } } },
    orderBy: { id: "desc" },
    take: page.limit + 1,
  });
  return toPage(
    rows,
    page.limit,
    (row) => ({
      id: row.id.toString(),
      admin: { id: row.adminId, username: row.admin.username },
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      before: row.before,
      after: row.after,
      note: row.note,
      createdAt: row.createdAt,
    }),
    (row) => ({ id: row.id.toString() }),
  );
}

export interface StaffLogItem {
  id: string;
  admin: { id: number; username: string };
  action: string;
  targetType: string;
  targetId: string;
  before: PrismaNamespace.JsonValue;
  after: PrismaNamespace.JsonValue;
  note: string | null;
  createdAt: Date;
}

/** Everyone who can appear in the log, for its filter. */
export function listStaffMembers(prisma: Prisma) {
  return prisma.admin.findMany({ select: { id: true, username: true, email: true }, orderBy: { username: "asc" } });
}
