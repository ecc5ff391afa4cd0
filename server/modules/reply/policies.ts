import type { Viewer } from "../viewer.ts";

/** Only the author of a reply, or an admin, may edit or delete it. */
export function canEditReply(reply: { userId: number }, viewer: Viewer): boolean {
  return viewer.isAdmin || reply.userId === viewer.id;
}
