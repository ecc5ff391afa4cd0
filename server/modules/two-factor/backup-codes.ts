import { randomInt } from "node:crypto";
import type { Prisma } from "../../platform/db/postgres.ts";
import { hashPassword, verifyPassword } from "../auth/password.ts";

export const BACKUP_CODE_COUNT = 10;
// No 0/o, 1/l/i: read off paper without mistakes. 10 characters of 31 ≈ 50 bits each.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const CODE_LENGTH = 10;

/** "abcde-fghjk": how codes are shown; input is compared without case, spaces or hyphens. */
function newBackupCode(): string {
  const raw = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

export function normaliseBackupCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, "");
}

/**
 * Replaces a member's backup codes with ten new ones, returned once in clear. Stored as argon2id
 * hashes like passwords, so a leaked table does not give them away.
 */
export async function replaceBackupCodes(prisma: Prisma, userId: number): Promise<string[]> {
  const codes = Array.from({ length: BACKUP_CODE_COUNT }, newBackupCode);
  const hashes = await Promise.all(codes.map((code) => hashPassword(normaliseBackupCode(code))));
  await prisma.$transaction([
    prisma.backupCode.deleteMany({ where: { userId } }),
    prisma.backupCode.createMany({ data: hashes.map((codeHash) => ({ userId, codeHash })) }),
  ]);
  return codes;
}

/** Uses up the matching unused backup code; false when none matches (or a racing request won). */
export async function consumeBackupCode(prisma: Prisma, userId: number, input: string): Promise<boolean> {
  const code = normaliseBackupCode(input);
  if (code.length !== CODE_LENGTH) return false;
  const unused = await prisma.backupCode.findMany({ where: { userId, isUsed: false } });
  for (const candidate of unused) {
    if (await verifyPassword(candidate.codeHash, code)) {
      const { count } = await prisma.backupCode.updateMany({
        where: { id: candidate.id, isUsed: false },
        data: { isUsed: true, usedAt: new Date() },
      });
      return count === 1;
    }
  }
  return false;
}

export function unusedBackupCodeCount(prisma: Prisma, userId: number): Promise<number> {
  return prisma.backupCode.count({ where: { userId, isUsed: false } });
}
