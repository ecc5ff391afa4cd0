import { z } from "zod";
import { rowId } from "../schemas.ts";
import { ACCESS_SCOPES, DEFAULT_ACCESS_SCOPES } from "./scopes.ts";

/** How long a new token lives; null = until revoked. */
export const ACCESS_TOKEN_LIFETIMES = [7, 30, 90, 365, null] as const;

export const createAccessTokenInput = z.object({
  name: z.string().trim().min(1, "Beri nama token ini.").max(64, "Nama token maksimal 64 karakter."),
  expiresInDays: z
    .union(ACCESS_TOKEN_LIFETIMES.map((days) => z.literal(days)), "Masa berlaku harus 7, 30, 90, 365 hari atau tanpa batas.")
    .default(90),
  /** What the token may do; each scope is named in server/modules/access-token/scopes.ts. */
  scopes: z
    .array(z.enum(ACCESS_SCOPES, `Izin harus salah satu dari: ${ACCESS_SCOPES.join(", ")}.`))
    .min(1, "Pilih setidaknya satu izin.")
    .max(ACCESS_SCOPES.length, "Setiap izin cukup dipilih sekali.")
    .default([...DEFAULT_ACCESS_SCOPES]),
});

export const accessTokenIdInput = z.object({ id: rowId });
