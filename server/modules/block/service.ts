import type { Prisma } from "../../platform/db/postgres.ts";
import { InvalidError, NotFoundError } from "../../platform/errors.ts";
import { toPage, type Page } from "../pagination.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/*
 * Member blocks: a member never hears from the members they block (no notification of their
 * replies, mentions or reactions: notification/handler.ts asks blockersAmong).
 */

/** At most this many blocks per member: the list stays a page-able size and the checks cheap. */
export const MAX_BLOCKS = 1000;
export const BLOCKS_PER_PAGE = 50;

export interface BlockCursor {
  /** created_at in microseconds since the epoch. */
  at: number;
  id: number;
}

export interface BlockedMember {
  userId: number;
  username: string;
  blockedAt: Date;
}

/** The members `blockerId` blocked, the most recent first. */
export async function listBlocks(prisma: Prisma, blockerId: number, input: { cursor?: BlockCursor }): Promise<Page<BlockedMember>> {
  const cursor = input.cursor;
  const rows = await prisma.$queryRaw<{ user_id: number; username: string; created_at: Date; at_us: bigint }[]>`
    SELECT b.blocked_id AS user_id, u.username::text AS username, b.created_at,
           (extract(epoch FROM b.created_at) * 1000000)::bigint AS at_us
      FROM member_blocks b JOIN users u ON u.id = b.blocked_id
     WHERE b.blocker_id = ${blockerId}
       AND (${cursor?.at ?? null}::float8 IS NULL
            OR (b.created_at, b.blocked_id) < (timestamptz 'epoch' + ${cursor?.at ?? 0}::float8 * interval '1 microsecond', ${cursor?.id ?? 0}::int))
     ORDER BY b.created_at DESC, b.blocked_id DESC
     LIMIT ${BLOCKS_PER_PAGE + 1}`;
  return toPage(
    rows,
    BLOCKS_PER_PAGE,
    (row) => ({ userId: row.user_id, username: row.username, blockedAt: row.created_at }),
    (row): BlockCursor => ({ at: Number(row.at_us), id: row.user_id }),
  );
}

/**
 * Blocks a member by username. Blocking someone already blocked changes nothing. Refused for
 * oneself (InvalidError), an unknown username (NotFoundError) and past MAX_BLOCKS.
 */
export async function addBlock(prisma: Prisma, blockerId: number, username: string): Promise<{ userId: number; username: string }> {
  const target = await prisma.user.findUnique({ where: { username }, select: { id: true, username: true } });
  if (!target) throw new NotFoundError(m.error_member_usernameNotFound());
  if (target.id === blockerId) throw new InvalidError(m.error_block_self());
  await prisma.$transaction(async (tx) => {
    // Concurrent blocks by one member run one after the other, so the limit holds.
    await tx.$executeRaw`SELECT 1 FROM users WHERE id = ${blockerId} FOR NO KEY UPDATE`;
    const count = await tx.memberBlock.count({ where: { blockerId } });
    const already = await tx.memberBlock.count({ where: { blockerId, blockedId: target.id } });
    if (already > 0) return;
    if (count >= MAX_BLOCKS) throw new InvalidError(m.error_block_tooMany({ max: MAX_BLOCKS }));
    await tx.memberBlock.create({ data: { blockerId, blockedId: target.id } });
  });
  return { userId: target.id, username: target.username };
}

/** Whether `blockerId` blocked the member named `username` (a profile's block button); NotFoundError for no such member. */
export async function blockStatus(prisma: Prisma, blockerId: number, username: string): Promise<{ userId: number; blocked: boolean }> {
  const target = await prisma.user.findUnique({ where: { username }, select: { id: true } });
  if (!target) throw new NotFoundError(m.error_member_usernameNotFound());
  const block = await prisma.memberBlock.findUnique({ where: { blockerId_blockedId: { blockerId, blockedId: target.id } }, select: { blockedId: true } });
  return { userId: target.id, blocked: block !== null };
}

/** Unblocks a member; unblocking someone not blocked changes nothing. */
export async function removeBlock(prisma: Prisma, blockerId: number, blockedId: number): Promise<{ ok: true }> {
  await prisma.memberBlock.deleteMany({ where: { blockerId, blockedId } });
  return { ok: true };
}

/** Which of `memberIds` blocked `actorId`. */
export async function blockersAmong(prisma: Prisma, actorId: number, memberIds: number[]): Promise<Set<number>> {
  if (memberIds.length === 0) return new Set();
  const rows = await prisma.memberBlock.findMany({
    where: { blockedId: actorId, blockerId: { in: [...new Set(memberIds)] } },
    select: { blockerId: true },
  });
  return new Set(rows.map((row) => row.blockerId));
}
