-- The daily prune of old idempotency keys (write_keys_prune, server/modules/write-keys.ts) finds them
-- by age: without this index every run would read the whole table.
CREATE INDEX "idx_write_keys_created" ON "write_keys"("created_at");
