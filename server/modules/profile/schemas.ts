import { z } from "zod";
import { badgeChipOutput } from "../badge/schemas.ts";

/** Anyone's public profile (getPublicProfile), as an output schema. */
export const publicProfileOutput = z.object({
  id: z.number().int(),
  username: z.string(),
  fullName: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  bio: z.string().nullable(),
  createdAt: z.date(),
  badges: z.array(
    z.object({
      name: z.string(),
      description: z.string(),
      color: z.string(),
      rarity: z.string(),
      isPrimary: z.boolean(),
      awardedAt: z.date(),
    }),
  ),
  primaryBadge: badgeChipOutput.nullable(),
  threadCount: z.number().int(),
  replyCount: z.number().int(),
});
