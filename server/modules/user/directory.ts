import { z } from "zod";
import { Prisma as PrismaNamespace } from "../../platform/db/generated/client.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { cursorInput, pageLimit, toPage, type Page } from "../pagination.ts";
import { rowId } from "../schemas.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/*
 * The member directory admins search (admin.members.search): newest members first, by the start
 * of a username or an e-mail address (both citext, so case never matters).
 */

export const memberSearchInput = z.object({
  query: z.string().trim().max(100, { error: () => m.input_user_searchTooLong() }).default(""),
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

/*
 * The @mention suggestions of the editors (user.suggest): members by the start of their
 * username, asked on (debounced) keystrokes, so the query is a range on the prefix index
 * (idx_users_username_prefix, citext_pattern_ops: the lowercased name in byte order) and never
 * a scan. Usernames are ASCII (auth/schemas.ts usernameSchema), which makes "starts with p"
 * exactly the range [p, p with its last character one up).
 */

export const MEMBER_SUGGESTION_LIMIT = 8;

export const memberSuggestInput = z.object({
  prefix: z
    .string()
    .trim()
    .min(1, { error: () => m.input_user_prefixRequired() })
    .max(30, { error: () => m.input_usernameTooLong30() })
    .regex(/^[a-zA-Z0-9._-]+$/, { error: () => m.input_user_usernameFormat() }),
});

export interface MemberSuggestion {
  username: string;
}

/** The statement of suggestMembers, on its own so a test can EXPLAIN it. */
export function memberSuggestionQuery(callerId: number, input: z.output<typeof memberSuggestInput>): PrismaNamespace.Sql {
  const from = input.prefix.toLowerCase();
  const to = from.slice(0, -1) + String.fromCharCode(from.charCodeAt(from.length - 1) + 1);
  return PrismaNamespace.sql`
    SELECT username::text AS username FROM users
     WHERE username ~>=~ ${from}::citext AND username ~<~ ${to}::citext
       AND NOT is_locked AND id <> ${callerId}
     ORDER BY users.username USING ~<~
     LIMIT ${MEMBER_SUGGESTION_LIMIT}`;
}

/** Unlocked members whose username starts with `prefix` (any case), alphabetical, the caller left out. */
export async function suggestMembers(
  { prisma }: { prisma: Prisma },
  callerId: number,
  input: z.output<typeof memberSuggestInput>,
): Promise<{ items: MemberSuggestion[] }> {
  return { items: await prisma.$queryRaw<MemberSuggestion[]>(memberSuggestionQuery(callerId, input)) };
}
