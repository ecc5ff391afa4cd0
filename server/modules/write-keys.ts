import { z } from "zod";
import type { Prisma } from "../platform/db/postgres.ts";
import { ConflictError } from "../platform/errors.ts";
import { rowId } from "./schemas.ts";
import * as m from "../../shared/paraglide/messages/_index.js";

/*
 * Exactly-once creation of replies and threads sent again: a member's device that lost its connection
 * (or its answer) sends the same write later with the same client-made key (app/lib/outbox.ts). The first
 * send claims the key in write_keys (primary key: member, key); every later send with it answers the reply
 * or thread the first one made. docs/decisions/0016-offline-writing.md.
 */

export type WriteKind = "reply" | "thread";

/** What a create procedure accepts besides its own fields, for a write that may be sent more than once. */
export const writeOnceFields = {
  /** Made by the member's browser per write (crypto.randomUUID()); the same key twice is the same write. */
  idempotencyKey: z.uuid().optional(),
  /**
   * The member who wrote it, for a write kept on a device and sent later: refused when someone else is
   * signed in by then, so a draft is never posted under another member's name.
   */
  writtenBy: rowId.optional(),
};

export interface WriteOnce {
  idempotencyKey?: string | undefined;
  writtenBy?: number | undefined;
}

/** ConflictError when the write was made by another member than the one now signed in. */
export function requireSameWriter(input: WriteOnce, memberId: number): void {
  if (input.writtenBy !== undefined && input.writtenBy !== memberId) {
    throw new ConflictError(m.error_writeKey_otherAccount());
  }
}

/** A transaction's client or the client itself: the raw queries below need only these. */
type Queries = Pick<Prisma, "$queryRaw">;

/**
 * Claims `key` for a write of `kind` whose result will be `targetId`, or answers the target of the write
 * that claimed it first (null: this call claimed it). In a transaction the claim holds until it commits:
 * concurrent claims of the same key wait for it, then read its target (or claim the key themselves when it
 * rolled back). A key claimed for another kind of write is a ConflictError.
 */
export async function claimWriteKey(db: Queries, memberId: number, key: string, kind: WriteKind, targetId: string): Promise<string | null> {
  const claimed = await db.$queryRaw<{ claimed: boolean }[]>`
    INSERT INTO write_keys (user_id, key, kind, target_id) VALUES (${memberId}, ${key}::uuid, ${kind}, ${targetId})
    ON CONFLICT (user_id, key) DO NOTHING RETURNING true AS claimed`;
  if (claimed.length > 0) return null;
  const [existing] = await db.$queryRaw<{ kind: string; target_id: string }[]>`
    SELECT kind, target_id FROM write_keys WHERE user_id = ${memberId} AND key = ${key}::uuid`;
  // Gone between the two statements: only a rollback of the claim does that; claim it again.
  if (!existing) return claimWriteKey(db, memberId, key, kind, targetId);
  if (existing.kind !== kind) throw new ConflictError(m.error_writeKey_reused());
  return existing.target_id;
}

/**
 * How long a key is kept. A key matters only while its write may still be sent again: from a device that
 * kept it (an answer lost, a send that timed out) on its next visit or Background Sync. That device needs a
 * live session to send, and a session lasts 30 days without use (auth/lucia.ts); a write kept longer than
 * that waits for a new sign-in, which no member expects to repost a month-old draft exactly once.
 */
export const WRITE_KEY_LIFETIME_DAYS = 30;
export const PRUNE_WRITE_KEYS_TASK = "write_keys_prune";
/** Rows per delete statement: one run never holds a long lock on the table, however many keys are due. */
const PRUNE_BATCH = 5_000;

/** Deletes the keys older than their lifetime at `now`, in batches; answers how many went. */
export async function pruneWriteKeys(db: Pick<Prisma, "$executeRaw">, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - WRITE_KEY_LIFETIME_DAYS * 24 * 60 * 60 * 1000);
  let deleted = 0;
  for (;;) {
    const batch = await db.$executeRaw`
      DELETE FROM write_keys WHERE (user_id, key) IN (
        SELECT user_id, key FROM write_keys WHERE created_at < ${cutoff} LIMIT ${PRUNE_BATCH})`;
    deleted += batch;
    if (batch < PRUNE_BATCH) return deleted;
  }
}
