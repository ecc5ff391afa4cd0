import { z } from "zod";
import { LOCALES } from "../../../shared/locale.ts";
import { passwordSchema, usernameSchema } from "../auth/schemas.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

export const revokeSessionInput = z.object({
  id: z.string().trim().min(1, { error: () => m.input_user_sessionRequired() }).max(64, { error: () => m.input_user_sessionUnknown() }),
});

const avatarUrlSchema = z
  .string()
  .trim()
  .max(2048, { error: () => m.input_user_avatarTooLong() })
  .pipe(z.url({ protocol: /^https$/, error: () => m.input_user_avatarInvalid() }));

/** Each field is optional: only what is sent changes; an empty full name or avatar clears it. */
export const updateProfileInput = z.object({
  fullName: z.string().trim().max(100, { error: () => m.input_user_fullNameTooLong() }).optional(),
  avatarUrl: z.union([z.literal(""), avatarUrlSchema]).optional(),
  username: usernameSchema.optional(),
});

export const setLocaleInput = z.object({ locale: z.enum(LOCALES) });

export const changePasswordInput = z.object({
  currentPassword: z.string().max(128, { error: () => m.input_passwordTooLong() }).default(""),
  newPassword: passwordSchema,
});
