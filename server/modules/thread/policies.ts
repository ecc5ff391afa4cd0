import type { Viewer } from "../viewer.ts";

/** Only the author of a thread, or an admin, may edit or delete it. */
export function canEditThread(thread: { authorId: number }, viewer: Viewer): boolean {
  return viewer.isAdmin || thread.authorId === viewer.id;
}
