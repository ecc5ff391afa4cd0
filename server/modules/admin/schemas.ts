import { z } from "zod";
import { emailSchema, passwordSchema } from "../auth/schemas.ts";
import { pageLimit, cursorInput } from "../pagination.ts";
import { bigRowId, rowId } from "../schemas.ts";

/** A setup link's token (base64url of 32 bytes). */
export const setupToken = z
  .string()
  .trim()
  .min(1, "Tautan tidak lengkap: token tidak ada.")
  .max(128, "Tautan tidak valid.")
  .regex(/^[\w-]+$/, "Tautan tidak valid.");

export const totpCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, "Kode terdiri dari 6 angka dari aplikasi autentikator.");

export const setupTokenInput = z.object({ token: setupToken });

export const setupInput = z.object({ token: setupToken, password: passwordSchema, code: totpCode });

export const signInInput = z.object({
  email: emailSchema,
  password: z.string().min(1, "Isi kata sandi.").max(128),
});

export const verifyTotpInput = z.object({ code: totpCode });

export const sessionIdInput = z.object({ id: z.string().min(1).max(64) });

/** An action (`report.resolve`) or the start of one (`report.`): the log's own vocabulary. */
const actionPrefix = z
  .string()
  .trim()
  .max(64)
  .regex(/^[a-z][a-z0-9_.]*$/, "Aksi hanya berisi huruf kecil, angka, titik dan garis bawah.");

export const staffLogInput = z.object({
  adminId: rowId.optional(),
  actionPrefix: actionPrefix.optional(),
  // The log's own vocabulary and ids: plain characters, never a NUL PostgreSQL refuses with a 500.
  targetType: z.string().trim().max(32).regex(/^[a-z][a-z0-9_]*$/, "Jenis target hanya berisi huruf kecil, angka dan garis bawah.").optional(),
  targetId: z.string().trim().max(64).regex(/^[\w.:@-]+$/, "ID target hanya berisi huruf, angka dan . _ : @ -.").optional(),
  cursor: cursorInput(z.object({ id: bigRowId })).optional(),
  limit: pageLimit,
});
