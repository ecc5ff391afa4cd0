import { z } from "zod";
import * as m from "../../../shared/paraglide/messages/_index.js";

/** Input rules shared by the procedures and the sign-up and sign-in forms. */
export const emailSchema = z
  .string()
  .trim()
  .max(254, { error: () => m.input_auth_emailTooLong() })
  .pipe(z.email({ error: () => m.input_auth_emailInvalid() }));

export const usernameSchema = z
  .string()
  .trim()
  .min(3, { error: () => m.input_auth_usernameTooShort() })
  .max(30, { error: () => m.input_usernameTooLong30() })
  .regex(/^[a-zA-Z0-9](?:[a-zA-Z0-9._-]*[a-zA-Z0-9])?$/, { error: () => m.input_auth_usernameFormat() });

export const passwordSchema = z
  .string()
  .min(10, { error: () => m.input_auth_passwordTooShort() })
  .max(128, { error: () => m.input_passwordTooLong() })
  .refine((value) => new Set(value).size >= 5, { error: () => m.input_auth_passwordWeak() });

/**
 * What a browser adds to the forms anonymous visitors post (register, login, password reset):
 * the CAPTCHA solution and its device fingerprint (a form post cannot send the
 * x-device-fingerprint header). Both may be empty strings from a form.
 */
export const clientProofInput = {
  captcha: z.string().max(4096, { error: () => m.input_auth_captchaInvalid() }).optional(),
  deviceFingerprint: z.string().trim().max(128, { error: () => m.input_auth_fingerprintInvalid() }).optional(),
};

export const registerInput = z.object({
  email: emailSchema,
  username: usernameSchema,
  password: passwordSchema,
  ...clientProofInput,
});

export const loginInput = z.object({
  identifier: z.string().trim().min(1, { error: () => m.input_auth_identifierRequired() }).max(254),
  password: z.string().min(1, { error: () => m.input_passwordRequired() }).max(128),
  ...clientProofInput,
});

/** A token from a link in a mail (base64url of 32 bytes). */
const mailTokenSchema = z
  .string()
  .trim()
  .min(1, { error: () => m.input_link_tokenMissing() })
  .max(128, { error: () => m.input_link_invalid() })
  .regex(/^[\w-]+$/, { error: () => m.input_link_invalid() });

export const verifyEmailInput = z.object({ token: mailTokenSchema });

export const passwordResetRequestInput = z.object({ email: emailSchema, ...clientProofInput });

export const resetPasswordInput = z.object({ token: mailTokenSchema, password: passwordSchema });
