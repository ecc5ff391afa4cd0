-- Why an admin locked an account: shown to the member at sign-in.
ALTER TABLE "users" ADD COLUMN "lock_reason" VARCHAR(500);

-- The staff action log. Rows are only ever inserted: the trigger below refuses UPDATE and
-- DELETE (and TRUNCATE), so not even a bug in the application can rewrite history.
CREATE TABLE "staff_actions" (
    "id" BIGSERIAL NOT NULL,
    "admin_id" INTEGER NOT NULL,
    "action" VARCHAR(64) NOT NULL,
    "target_type" VARCHAR(32) NOT NULL,
    "target_id" VARCHAR(64) NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "note" VARCHAR(1000),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "staff_actions_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "idx_staff_actions_created" ON "staff_actions"("created_at" DESC);
CREATE INDEX "idx_staff_actions_target" ON "staff_actions"("target_type", "target_id");
CREATE INDEX "idx_staff_actions_admin" ON "staff_actions"("admin_id", "created_at" DESC);
ALTER TABLE "staff_actions" ADD CONSTRAINT "staff_actions_admin_id_fkey"
    FOREIGN KEY ("admin_id") REFERENCES "admins"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE FUNCTION staff_actions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'staff_actions is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER staff_actions_no_update_delete BEFORE UPDATE OR DELETE ON "staff_actions"
    FOR EACH ROW EXECUTE FUNCTION staff_actions_append_only();
CREATE TRIGGER staff_actions_no_truncate BEFORE TRUNCATE ON "staff_actions"
    FOR EACH STATEMENT EXECUTE FUNCTION staff_actions_append_only();
