/** Where REST lives: every procedure whose meta has `openapi` (paths start with this). */
export const REST_PREFIX = "/api/v1/";

/**
 * A REST error answered before any procedure ran (body limit, CSRF check), in the shape the
 * REST handler gives procedures' errors (the document's `Error` schema, server/http/rest.ts).
 */
export function restErrorBody(code: string, httpStatus: number, message: string) {
  return { message, code, data: { code, httpStatus } };
}
