-- Idempotency keys of members' writes (issue 13, offline writing): a reply or thread sent again
-- with the same key answers the one already made (server/modules/write-keys.ts).
CREATE TABLE "write_keys" (
    "user_id" INTEGER NOT NULL,
    "key" UUID NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "target_id" VARCHAR(40) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "write_keys_pkey" PRIMARY KEY ("user_id","key")
);
ALTER TABLE "write_keys" ADD CONSTRAINT "write_keys_user_id_fkey"
    FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
