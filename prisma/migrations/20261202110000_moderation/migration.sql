-- Threads hidden by a moderator (shown as a placeholder, left out of lists, search and Aleph's
-- retrieval), and hidden with all of their author's content: two reasons, kept apart so that
-- undoing one never shows what the other hid.
ALTER TABLE "threads" ADD COLUMN "hidden_at" TIMESTAMPTZ(6),
    ADD COLUMN "hidden_by" INTEGER,
    ADD COLUMN "hidden_with_author" BOOLEAN NOT NULL DEFAULT false;

-- The admin's intent to hide (or show again) all of a member's content; a durable job applies
-- it to both databases and can be retried until they agree.
CREATE TABLE "member_content_hides" (
    "user_id" INTEGER NOT NULL,
    "hidden" BOOLEAN NOT NULL,
    "admin_id" INTEGER NOT NULL,
    "changed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "member_content_hides_pkey" PRIMARY KEY ("user_id")
);
ALTER TABLE "member_content_hides" ADD CONSTRAINT "member_content_hides_user_id_fkey"
    FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
