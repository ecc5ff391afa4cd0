import { z } from "zod";
import type { Prisma as PrismaNamespace } from "../../platform/db/generated/client.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { cursorInput, pageLimit, toPage, type Page } from "../pagination.ts";
import { rowId } from "../schemas.ts";

/*
 * The member directory admins search (admin.members.search): newest members first, by the start
 * of a username or an e-mail address (both citext, so case never matters).
 */

export const memberSearchInput = z.object({
  query: z.string().trim().max(100, "Pencarian maksimal 100 karakter.").default(""),
  locked: z.boolean().optional(),
  verified: z.boolean().optional(),
  cursor: cursorInput(z.object({ id: rowId })).optional(),
  limit: pageLimit,
});
export type MemberSearchInput = z.output<typeof memberSearchInput>;

export interface MemberRow {
  id: number;
  username: string;
  email: string;
  createdAt: Date;
  isVerified: boolean;
  isLocked: boolean;
  totpEnabled: boolean;
}

/** Prisma passes startsWith to LIKE as it is: escaped, "%" and "_" are plain characters. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

export async function searchMembers({ prisma }: { prisma: Prisma }, input: MemberSearchInput): Promise<Page<MemberRow>> {
  const conditions: PrismaNamespace.UserWhereInput[] = [];
  if (input.query) {
    const prefix = escapeLike(input.query);
    conditions.push({ OR: [{ username: { startsWith: prefix, mode: "insensitive" } }, { email: { startsWith: prefix, mode: "insensitive" } }] });
  }
  if (input.locked !== undefined) conditions.push({ isLocked: input.locked });
  if (input.verified !== undefined) conditions.push({ isVerified: input.verified });
  if (input.cursor) conditions.push({ id: { lt: input.cursor.id } });
  const rows = await prisma.user.findMany({
    where: { AND: conditions },
    select: { id: true, username: true, email: true, createdAt: true, isVerified: true, isLocked: true, totpEnabled: true },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  return toPage(rows, input.limit, (row) => row, (row) => ({ id: row.id }));
}

/** Usernames by member id, for staff lists whose rows name members by id (wallets, payments). */
export async function usernamesOf({ prisma }: { prisma: Prisma }, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await prisma.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, username: true } });
  return new Map(rows.map((row) => [row.id, row.username]));
}

/** Ids of the members whose username starts with `prefix` (any case), at most `limit`. */
export async function memberIdsByUsernamePrefix({ prisma }: { prisma: Prisma }, prefix: string, limit: number): Promise<number[]> {
  const rows = await prisma.user.findMany({
    where: { username: { startsWith: escapeLike(prefix), mode: "insensitive" } },
    select: { id: true },
    orderBy: { id: "asc" },
    take: limit,
  });
  return rows.map((row) => row.id);
}
