import { z } from "zod";
import { LOCALES } from "../../../shared/locale.ts";
import { passwordSchema, usernameSchema } from "../auth/schemas.ts";

export const revokeSessionInput = z.object({
  id: z.string().trim().min(1, "Pilih sesi yang akan dicabut.").max(64, "Sesi tidak dikenal."),
});

const avatarUrlSchema = z
  .string()
  .trim()
  .max(2048, "URL avatar terlalu panjang.")
  .pipe(z.url({ protocol: /^https$/, error: "Avatar harus berupa URL https:// yang valid." }));

/** Each field is optional: only what is sent changes; an empty full name or avatar clears it. */
export const updateProfileInput = z.object({
  fullName: z.string().trim().max(100, "Nama lengkap maksimal 100 karakter.").optional(),
  avatarUrl: z.union([z.literal(""), avatarUrlSchema]).optional(),
  username: usernameSchema.optional(),
});

export const setLocaleInput = z.object({ locale: z.enum(LOCALES) });

export const changePasswordInput = z.object({
  currentPassword: z.string().max(128, "Kata sandi maksimal 128 karakter.").default(""),
  newPassword: passwordSchema,
});
