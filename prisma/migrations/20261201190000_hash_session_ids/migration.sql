-- sessions.id now holds the SHA-256 (hex) of the session id, which only lives in the cookie
-- (server/modules/auth/session-adapter.ts). Rows written before this held the id itself; they
-- can no longer be matched to a cookie and would keep a usable secret on disk, so they go:
-- every member signs in again once.
DELETE FROM "sessions";
