/**
 * The id of a reply's element on its thread page, so a link can open the page at that reply
 * (`/t/<id>/<slug>#balasan-<replyId>`): notifications, moderation and search links build it here.
 */
export function replyAnchor(replyId: string): string {
  return `balasan-${replyId}`;
}
