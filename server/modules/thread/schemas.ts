import { z } from "zod";
import { badgeChipOutput } from "../badge/schemas.ts";
import { pageOutput } from "../pagination.ts";

/*
 * What thread procedures answer, as output schemas: tRPC checks every answer against them, and
 * REST (/api/v1) documents and serves them.
 */

/** A thread in a list (ThreadListItem). */
export const threadListItemOutput = z.object({
  id: z.number().int(),
  title: z.string(),
  slug: z.string(),
  summary: z.string(),
  category: z.object({ slug: z.string(), name: z.string(), color: z.string() }),
  author: z.object({ id: z.number().int(), username: z.string(), primaryBadge: badgeChipOutput.nullable() }),
  replyCount: z.number().int(),
  createdAt: z.date(),
  lastActivityAt: z.date(),
});

export const threadPageOutput = pageOutput(threadListItemOutput);

export const threadSearchPageOutput = pageOutput(
  threadListItemOutput.extend({
    titleHighlight: z.string().meta({ description: "The title with matched words between the highlight marks." }),
    snippet: z.string(),
    rank: z.number(),
  }),
);

/** One thread with its content (ThreadDetail); a hidden one keeps its place with its text emptied. */
export const threadDetailOutput = z.object({
  id: z.number().int(),
  title: z.string(),
  slug: z.string(),
  summary: z.string(),
  contentJson: z.unknown().meta({ description: "The rich content: a ProseMirror document (see the thread create input)." }),
  excerpt: z.string(),
  replyCount: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
  lastActivityAt: z.date(),
  isHidden: z.boolean(),
  category: z.object({ id: z.number().int(), slug: z.string(), name: z.string(), color: z.string() }),
  author: z.object({
    id: z.number().int(),
    username: z.string(),
    avatarUrl: z.string().nullable(),
    primaryBadge: badgeChipOutput.nullable(),
  }),
});

/** A written thread: where it now lives (/t/<id>/<slug>). */
export const threadWrittenOutput = z.object({ id: z.number().int(), slug: z.string() });
