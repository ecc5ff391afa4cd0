import { z } from "zod";
import { rowId } from "../schemas.ts";
import { ACCESS_SCOPES, DEFAULT_ACCESS_SCOPES } from "./scopes.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/** How long a new token lives; null = until revoked. */
export const ACCESS_TOKEN_LIFETIMES = [7, 30, 90, 365, null] as const;

export const createAccessTokenInput = z.object({
  name: z.string().trim().min(1, { error: () => m.input_accessToken_nameRequired() }).max(64, { error: () => m.input_accessToken_nameTooLong() }),
  expiresInDays: z
    .union(ACCESS_TOKEN_LIFETIMES.map((days) => z.literal(days)), { error: () => m.input_accessToken_lifetime() })
    .default(90),
  /** What the token may do; each scope is named in server/modules/access-token/scopes.ts. */
  scopes: z
    .array(z.enum(ACCESS_SCOPES, { error: () => m.input_accessToken_scope({ scopes: ACCESS_SCOPES.join(", ") }) }))
    .min(1, { error: () => m.input_accessToken_scopesRequired() })
    .max(ACCESS_SCOPES.length, { error: () => m.input_accessToken_scopesOnce() })
    .default([...DEFAULT_ACCESS_SCOPES]),
});

export const accessTokenIdInput = z.object({ id: rowId });
