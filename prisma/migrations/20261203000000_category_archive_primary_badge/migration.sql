-- An archived category leaves the category list and takes no new threads; its threads stay readable.
ALTER TABLE "categories" ADD COLUMN "archived_at" TIMESTAMPTZ(6);

-- One primary badge per member at most, enforced by the database so concurrent choices cannot
-- leave two. Rows that already flag several keep the one primaryBadgesOf showed until now (the
-- earliest awarded).
UPDATE "user_badges" AS ub SET "is_primary" = false
WHERE ub."is_primary" AND EXISTS (
    SELECT 1 FROM "user_badges" AS earlier
    WHERE earlier."user_id" = ub."user_id" AND earlier."is_primary"
      AND (earlier."awarded_at", earlier."id") < (ub."awarded_at", ub."id")
);
CREATE UNIQUE INDEX "user_badges_one_primary" ON "user_badges"("user_id") WHERE "is_primary";
