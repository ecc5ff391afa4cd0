import { z } from "zod";

/** Input rules shared by the procedures and the sign-up and sign-in forms. */
export const emailSchema = z
  .string()
  .trim()
  .max(254, "Email terlalu panjang.")
  .pipe(z.email("Alamat email tidak valid."));

export const usernameSchema = z
  .string()
  .trim()
  .min(3, "Username minimal 3 karakter.")
  .max(30, "Username maksimal 30 karakter.")
  .regex(/^[a-zA-Z0-9](?:[a-zA-Z0-9._-]*[a-zA-Z0-9])?$/, "Username hanya boleh huruf, angka, titik, garis bawah dan tanda hubung, diawali dan diakhiri huruf atau angka.");

export const passwordSchema = z
  .string()
  .min(10, "Kata sandi minimal 10 karakter.")
  .max(128, "Kata sandi maksimal 128 karakter.")
  .refine((value) => new Set(value).size >= 5, "Kata sandi terlalu mudah ditebak: gunakan lebih banyak karakter berbeda.");

/**
 * What a browser adds to the forms anonymous visitors post (register, login, password reset):
 * the CAPTCHA solution and its device fingerprint (a form post cannot send the
 * x-device-fingerprint header). Both may be empty strings from a form.
 */
export const clientProofInput = {
  captcha: z.string().max(4096, "Jawaban CAPTCHA tidak valid.").optional(),
  deviceFingerprint: z.string().trim().max(128, "Sidik perangkat tidak valid.").optional(),
};

export const registerInput = z.object({
  email: emailSchema,
  username: usernameSchema,
  password: passwordSchema,
  ...clientProofInput,
});

export const loginInput = z.object({
  identifier: z.string().trim().min(1, "Isi email atau username.").max(254),
  password: z.string().min(1, "Isi kata sandi.").max(128),
  ...clientProofInput,
});

/** A token from a link in a mail (base64url of 32 bytes). */
const mailTokenSchema = z
  .string()
  .trim()
  .min(1, "Tautan tidak lengkap: token tidak ada.")
  .max(128, "Tautan tidak valid.")
  .regex(/^[\w-]+$/, "Tautan tidak valid.");

export const verifyEmailInput = z.object({ token: mailTokenSchema });

export const passwordResetRequestInput = z.object({ email: emailSchema, ...clientProofInput });

export const resetPasswordInput = z.object({ token: mailTokenSchema, password: passwordSchema });
