-- Personal access tokens are scoped (server/modules/access-token/scopes.ts). Tokens made before
-- scopes existed could do everything but manage credentials; they keep reading and writing
-- content, the two things programs used them for, and nothing that moves money.
UPDATE "personal_access_tokens" SET "scopes" = ARRAY['read', 'content:write']::TEXT[] WHERE "scopes" = '{}';

-- The client address of a token's last use, written with last_used_at (throttled), for the token list.
ALTER TABLE "personal_access_tokens" ADD COLUMN "last_used_ip" VARCHAR(64);
