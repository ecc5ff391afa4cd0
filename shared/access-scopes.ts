/**
 * The scopes a personal access token can hold: stable identifiers (programs and stored rows use
 * them). Shared by the server's scope table (server/modules/access-token/scopes.ts) and the
 * token page's checkboxes (app/routes/pengaturan.token.tsx).
 */
export const ACCESS_SCOPES = [
  "read",
  "content:write",
  "reactions:write",
  "chat",
  "wallet:read",
  "wallet:spend",
  "payments",
] as const;

export type AccessScope = (typeof ACCESS_SCOPES)[number];

/** What tokens made before scopes existed may do (the migration backfill), and a new token's default. */
export const DEFAULT_ACCESS_SCOPES: readonly AccessScope[] = ["read", "content:write"];
