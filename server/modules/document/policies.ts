/** Who may read a document by its id: its owner only (a share link is the way for anyone else). */
export function canReadDocument(document: { userId: number }, viewer: { userId: number }): boolean {
  return document.userId === viewer.userId;
}
