import { z } from "zod";
import { IMAGE_PROTOCOLS, safeUrl } from "../../../shared/safe-url.ts";
import { hexColor } from "../category/schemas.ts";
import { cursorInput, pageLimit } from "../pagination.ts";
import { rowId } from "../schemas.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

export const BADGE_RARITIES = ["common", "rare", "epic", "legendary"] as const;

// Empty clears the icon; anything else must be an absolute http(s) URL (shared/safe-url.ts).
const iconUrl = z
  .string()
  .trim()
  .max(2048, { error: () => m.input_badge_iconUrlTooLong() })
  .transform((value, ctx) => {
    if (value === "") return null;
    const safe = safeUrl(value, IMAGE_PROTOCOLS);
    if (safe) return safe;
    ctx.addIssue({ code: "custom", message: m.input_badge_iconUrlProtocol() });
    return z.NEVER;
  });

export const badgeFieldsInput = z.object({
  name: z.string().trim().min(2, { error: () => m.input_badge_nameTooShort() }).max(64, { error: () => m.input_badge_nameTooLong() }),
  description: z.string().trim().max(500, { error: () => m.input_descriptionTooLong500() }).default(""),
  color: hexColor.default("#64748b"),
  rarity: z.enum(BADGE_RARITIES, { error: () => m.input_badge_rarityUnknown() }).default("common"),
  iconUrl: iconUrl.default(""),
});
export type BadgeFields = z.output<typeof badgeFieldsInput>;

export const badgeUpdateInput = badgeFieldsInput.extend({ id: rowId });

/** An award or revocation: the badge, and the member by username (as admins know them). */
export const badgeHolderInput = z.object({
  badgeId: rowId,
  // Any short name: an unknown member is NOT_FOUND, not an input error.
  username: z.string().trim().min(1, { error: () => m.input_badge_usernameRequired() }).max(64, { error: () => m.input_usernameTooLong() }),
  note: z.string().trim().max(500, { error: () => m.input_noteTooLong500() }).default(""),
});

export const badgeHoldersInput = z.object({
  badgeId: rowId,
  cursor: cursorInput(z.object({ id: rowId })).optional(),
  limit: pageLimit,
});

/** null: no primary badge. */
export const primaryBadgeInput = z.object({ badgeId: rowId.nullable() });

/** A member's primary badge as it shows beside their name (BadgeChip). */
export const badgeChipOutput = z.object({ name: z.string(), color: z.string() });
