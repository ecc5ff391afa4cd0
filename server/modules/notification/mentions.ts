import type { Prisma } from "../../platform/db/postgres.ts";

/** At most this many members are notified by the mentions of one write. */
export const MAX_MENTIONS = 20;

// A username as the user module allows it (auth/schemas.ts usernameSchema: 3-30 characters,
// letters, digits, ".", "_", "-", starting and ending with a letter or digit) after an "@" that
// does not continue a word or an e-mail address. Bounded quantifiers keep the scan linear.
const MENTION = /(?<![\w.@-])@([a-zA-Z0-9][a-zA-Z0-9._-]{1,28}[a-zA-Z0-9])/g;

/** The distinct usernames mentioned in a text (lower case), in order, at most MAX_MENTIONS. */
export function mentionedUsernames(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(MENTION)) {
    names.add(match[1]!.toLowerCase());
    if (names.size === MAX_MENTIONS) break;
  }
  return [...names];
}

/** The members a text mentions who can be told: existing, not locked. */
export async function mentionedMembers(prisma: Prisma, text: string): Promise<number[]> {
  const names = mentionedUsernames(text);
  if (names.length === 0) return [];
  const rows = await prisma.$queryRaw<{ id: number }[]>`
    SELECT id FROM users WHERE username = ANY(${names}::citext[]) AND NOT is_locked`;
  return rows.map((row) => row.id);
}
