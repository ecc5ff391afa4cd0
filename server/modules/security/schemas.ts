import { z } from "zod";
import { cursorInput, pageLimit } from "../pagination.ts";
import { bigRowId } from "../schemas.ts";

/** A page of the member's own security events, newest first (`user.securityEvents`). */
export const securityEventsInput = z
  .object({
    cursor: cursorInput(z.object({ id: bigRowId })).optional(),
    limit: pageLimit,
  })
  .default({ limit: 20 });
