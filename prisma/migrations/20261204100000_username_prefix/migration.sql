-- The @mention suggestions (user.suggest) look members up by the start of their username, on
-- every keystroke. citext's LIKE cannot use the unique index, and that index's collation order
-- is not a prefix order; citext_pattern_ops orders the lowercased name byte by byte, so
-- "starts with p" is the range [p, p with its last character moved one up).
CREATE INDEX "idx_users_username_prefix" ON "users"("username" citext_pattern_ops);
