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

export const registerInput = z.object({
  email: emailSchema,
  username: usernameSchema,
  password: passwordSchema,
});

export const loginInput = z.object({
  identifier: z.string().trim().min(1, "Isi email atau username.").max(254),
  password: z.string().min(1, "Isi kata sandi.").max(128),
});
