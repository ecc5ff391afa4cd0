-- Admin sign-in: the one-time setup link (stored as its SHA-256, single use, with an expiry),
-- the TOTP replay guard members have, and the failed-attempt throttle of member logins.
ALTER TABLE "admins" ADD COLUMN "totp_last_time_step" INTEGER;
ALTER TABLE "admins" ADD COLUMN "failed_login_count" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "admins" ADD COLUMN "locked_until" TIMESTAMPTZ(6);
ALTER TABLE "admins" ADD COLUMN "setup_token_hash" VARCHAR(64);
ALTER TABLE "admins" ADD COLUMN "setup_expires_at" TIMESTAMPTZ(6);
CREATE UNIQUE INDEX "admins_setup_token_hash_key" ON "admins"("setup_token_hash");
