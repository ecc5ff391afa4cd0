import { z } from "zod";
import { emailSchema, passwordSchema } from "../auth/schemas.ts";
import { pageLimit, cursorInput } from "../pagination.ts";
import { bigRowId, rowId } from "../schemas.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/** A setup link's token (base64url of 32 bytes). */
export const setupToken = z
  .string()
  .trim()
  .min(1, { error: () => m.input_link_tokenMissing() })
  .max(128, { error: () => m.input_link_invalid() })
  .regex(/^[\w-]+$/, { error: () => m.input_link_invalid() });

export const totpCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, { error: () => m.input_admin_totpFormat() });

export const setupTokenInput = z.object({ token: setupToken });

export const setupInput = z.object({ token: setupToken, password: passwordSchema, code: totpCode });

export const signInInput = z.object({
  email: emailSchema,
  password: z.string().min(1, { error: () => m.input_passwordRequired() }).max(128),
});

export const verifyTotpInput = z.object({ code: totpCode });

export const sessionIdInput = z.object({ id: z.string().min(1).max(64) });

/** An action (`report.resolve`) or the start of one (`report.`): the log's own vocabulary. */
const actionPrefix = z
  .string()
  .trim()
  .max(64)
  .regex(/^[a-z][a-z0-9_.]*$/, { error: () => m.input_admin_actionFormat() });

export const staffLogInput = z.object({
  adminId: rowId.optional(),
  actionPrefix: actionPrefix.optional(),
  // The log's own vocabulary and ids: plain characters, never a NUL PostgreSQL refuses with a 500.
  targetType: z.string().trim().max(32).regex(/^[a-z][a-z0-9_]*$/, { error: () => m.input_admin_targetTypeFormat() }).optional(),
  targetId: z.string().trim().max(64).regex(/^[\w.:@-]+$/, { error: () => m.input_admin_targetIdFormat() }).optional(),
  cursor: cursorInput(z.object({ id: bigRowId })).optional(),
  limit: pageLimit,
});
