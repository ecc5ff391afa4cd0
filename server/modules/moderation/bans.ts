import type { Prisma } from "../../platform/db/postgres.ts";
import { InvalidError, NotFoundError } from "../../platform/errors.ts";
import { newestFirstPositionOf, newestFirstSort, olderThan, toPage, type NewestFirstCursor, type Page } from "../pagination.ts";
import { recordStaffAction, type AdminActor, type StaffLogWriter } from "../staff-log/service.ts";
import { DeviceBanModel } from "./device-ban.model.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/*
 * Device bans: a fingerprint barred from register, password and passkey sign-in (enforced by
 * auth/request-guard.ts through isDeviceBanned). Expiry is checked in every query, so a ban
 * that ran out stops applying by itself.
 */

/** The filter of bans in force at `now`: no expiry, or one still ahead. */
const activeAt = (now: Date) => ({ $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] });

/** Whether a device ban on this fingerprint is in force (no expiry, or one still ahead). */
export async function isDeviceBanned(fingerprint: string, now = new Date()): Promise<boolean> {
  const ban = await DeviceBanModel.exists({ fingerprint, ...activeAt(now) });
  return ban !== null;
}

export interface DeviceBanSummary {
  id: string;
  fingerprint: string;
  reason: string;
  bannedBy: number;
  createdAt: Date;
  expiresAt: Date | null;
  active: boolean;
  /** The account the fingerprint was taken from, when banned from a member. */
  source: { id: number; username: string } | null;
}

export interface BanInput {
  fingerprint: string;
  reason: string;
  /** Null: until lifted. */
  expiresAt: Date | null;
  sourceUserId?: number | null;
}

/** How far back a member's sessions give the fingerprints of "ban this member's devices". */
const RECENT_SESSIONS_MS = 90 * 24 * 60 * 60 * 1000;

/** The fingerprints a member's sessions of the last 90 days carried (what banning their devices bans). */
export async function recentFingerprintsOf(prisma: Prisma, userId: number, now = new Date()): Promise<string[]> {
  const rows = await prisma.session.findMany({
    where: { userId, deviceFingerprint: { not: null }, createdAt: { gte: new Date(now.getTime() - RECENT_SESSIONS_MS) } },
    select: { deviceFingerprint: true },
    distinct: ["deviceFingerprint"],
    take: 50,
  });
  return rows.flatMap((row) => (row.deviceFingerprint ? [row.deviceFingerprint] : []));
}

function refuseExpiryInPast(expiresAt: Date | null, now: Date) {
  if (expiresAt && expiresAt <= now) throw new InvalidError(m.error_ban_expiryInPast());
}

/**
 * Bans one fingerprint. A fingerprint already banned gets a second ban (history is kept, and the
 * longer one decides). Logged after the MongoDB write, in `log` (a transaction of the caller's,
 * or the client).
 */
export async function banDevice(log: StaffLogWriter, admin: AdminActor, input: BanInput, now = new Date()): Promise<DeviceBanSummary> {
  refuseExpiryInPast(input.expiresAt, now);
  const ban = await DeviceBanModel.create({
    fingerprint: input.fingerprint,
    reason: input.reason,
    bannedBy: admin.id,
    expiresAt: input.expiresAt,
    sourceUserId: input.sourceUserId ?? null,
  });
  await recordStaffAction(log, admin, {
    action: "device.ban",
    targetType: "device_ban",
    targetId: ban._id,
    after: {
      fingerprint: ban.fingerprint,
      reason: ban.reason,
      expiresAt: ban.expiresAt?.toISOString() ?? null,
      sourceUserId: ban.sourceUserId ?? null,
    },
  });
  return { ...summaryOf(ban.toObject(), now), source: null };
}

/**
 * Bans every fingerprint a member's recent sessions carried (except those already banned
 * outright); InvalidError when none is known, before anything is written.
 */
export async function banMemberDevices(
  prisma: Prisma,
  log: StaffLogWriter,
  admin: AdminActor,
  userId: number,
  input: { reason: string; expiresAt: Date | null },
  now = new Date(),
): Promise<number> {
  refuseExpiryInPast(input.expiresAt, now);
  const fingerprints = await recentFingerprintsOf(prisma, userId, now);
  if (fingerprints.length === 0) {
    throw new InvalidError(m.error_ban_noKnownDevices());
  }
  // A ban without expiry already covers the device for good; anything shorter is banned again.
  const forever = new Set(
    (await DeviceBanModel.find({ fingerprint: { $in: fingerprints }, expiresAt: null }).select({ fingerprint: 1 }).lean()).map(
      (ban) => ban.fingerprint,
    ),
  );
  let banned = 0;
  for (const fingerprint of fingerprints) {
    if (forever.has(fingerprint)) continue;
    await banDevice(log, admin, { fingerprint, reason: input.reason, expiresAt: input.expiresAt, sourceUserId: userId }, now);
    banned += 1;
  }
  return banned;
}

/** Ends a ban in force now (its expiry becomes now; the row stays as history). NotFoundError when none is in force. */
export async function liftBan(prisma: Prisma, admin: AdminActor, id: string, now = new Date()): Promise<{ id: string }> {
  const before = await DeviceBanModel.findOneAndUpdate({ _id: id, ...activeAt(now) }, { $set: { expiresAt: now } }).lean();
  if (!before) throw new NotFoundError(m.error_ban_notFound());
  await recordStaffAction(prisma, admin, {
    action: "device.lift",
    targetType: "device_ban",
    targetId: id,
    before: { expiresAt: before.expiresAt?.toISOString() ?? null },
    after: { expiresAt: now.toISOString() },
  });
  return { id };
}

type BanRow = { _id: string; fingerprint: string; reason: string; bannedBy: number; createdAt: Date; expiresAt?: Date | null; sourceUserId?: number | null };

function summaryOf(ban: BanRow, now: Date): Omit<DeviceBanSummary, "source"> {
  const expiresAt = ban.expiresAt ?? null;
  return {
    id: ban._id,
    fingerprint: ban.fingerprint,
    reason: ban.reason,
    bannedBy: ban.bannedBy,
    createdAt: ban.createdAt,
    expiresAt,
    active: expiresAt === null || expiresAt > now,
  };
}

/** Bans in force (or ended ones), newest first, with the account each came from. */
export async function listBans(
  prisma: Prisma,
  input: { status: "active" | "ended"; cursor?: NewestFirstCursor; limit: number },
  now = new Date(),
): Promise<Page<DeviceBanSummary>> {
  const byStatus = input.status === "active" ? activeAt(now) : { expiresAt: { $lte: now } };
  const rows = await DeviceBanModel.find({ $and: [byStatus, input.cursor ? olderThan(input.cursor) : {}] })
    .sort(newestFirstSort)
    .limit(input.limit + 1)
    .lean();
  const page = toPage(rows, input.limit, (row) => row, newestFirstPositionOf);
  const sourceIds = [...new Set(page.items.flatMap((ban) => (ban.sourceUserId ? [ban.sourceUserId] : [])))];
  const users = await prisma.user.findMany({ where: { id: { in: sourceIds } }, select: { id: true, username: true } });
  const byId = new Map(users.map((user) => [user.id, user]));
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((ban) => ({ ...summaryOf(ban, now), source: (ban.sourceUserId && byId.get(ban.sourceUserId)) || null })),
  };
}
