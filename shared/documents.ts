/**
 * The kinds of file a document may be. The server decides an upload's kind from its bytes
 * (server/modules/document/detect.ts), never from these name endings; the page offers them in its
 * file picker and names the kinds beside the form. Named as the file-type package names them
 * (plain text is decided separately).
 */
export const ALLOWED_TYPES = ["application/pdf", "image/png", "image/jpeg", "image/webp", "image/gif", "text/plain"] as const;
export type DocumentType = (typeof ALLOWED_TYPES)[number];

export const IMAGE_TYPES: ReadonlySet<string> = new Set(["image/png", "image/jpeg", "image/webp", "image/gif"]);

/** Name endings of each kind, the usual one first (a stored file without a name gets that one). */
export const EXTENSIONS_OF: Record<DocumentType, readonly string[]> = {
  "application/pdf": ["pdf"],
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg"],
  "image/webp": ["webp"],
  "image/gif": ["gif"],
  "text/plain": ["txt"],
};
