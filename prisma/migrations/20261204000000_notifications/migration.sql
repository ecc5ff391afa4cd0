-- Notifications (issue 12): one row per member and event, reactions grouped while unread.
CREATE TABLE "notifications" (
    "id" VARCHAR(40) NOT NULL,
    "user_id" INTEGER NOT NULL,
    "type" VARCHAR(16) NOT NULL,
    "event_key" VARCHAR(200) NOT NULL,
    "group_key" VARCHAR(200),
    "actor_id" INTEGER,
    "actor_count" INTEGER NOT NULL DEFAULT 0,
    "thread_id" INTEGER,
    "reply_id" VARCHAR(40),
    "detail" JSONB NOT NULL DEFAULT '{}',
    "in_app" BOOLEAN NOT NULL DEFAULT true,
    "read_at" TIMESTAMPTZ(6),
    "emailed_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);
-- Idempotency: an event notifies a member at most once, whatever retries or sweeps run it again.
CREATE UNIQUE INDEX "notifications_user_event_key" ON "notifications"("user_id", "event_key");
-- One unread group (a thread's reactions) per member: later reactors join it.
CREATE UNIQUE INDEX "notifications_one_unread_group" ON "notifications"("user_id", "group_key") WHERE read_at IS NULL;
CREATE INDEX "idx_notifications_user_updated" ON "notifications"("user_id", "updated_at" DESC, "id" DESC);
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "threads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "notification_actors" (
    "notification_id" VARCHAR(40) NOT NULL,
    "actor_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "notification_actors_pkey" PRIMARY KEY ("notification_id", "actor_id")
);
ALTER TABLE "notification_actors" ADD CONSTRAINT "notification_actors_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "notification_actors" ADD CONSTRAINT "notification_actors_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "notification_preferences" (
    "user_id" INTEGER NOT NULL,
    "type" VARCHAR(16) NOT NULL,
    "in_app" BOOLEAN NOT NULL,
    "email" BOOLEAN NOT NULL,
    "push" BOOLEAN NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "notification_preferences_pkey" PRIMARY KEY ("user_id", "type")
);
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "thread_subscriptions" (
    "user_id" INTEGER NOT NULL,
    "thread_id" INTEGER NOT NULL,
    "level" VARCHAR(16) NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "thread_subscriptions_pkey" PRIMARY KEY ("user_id", "thread_id")
);
CREATE INDEX "idx_thread_subscriptions_thread" ON "thread_subscriptions"("thread_id", "level");
ALTER TABLE "thread_subscriptions" ADD CONSTRAINT "thread_subscriptions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "thread_subscriptions" ADD CONSTRAINT "thread_subscriptions_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "threads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "member_blocks" (
    "blocker_id" INTEGER NOT NULL,
    "blocked_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "member_blocks_pkey" PRIMARY KEY ("blocker_id", "blocked_id"),
    CONSTRAINT "member_blocks_not_self" CHECK ("blocker_id" <> "blocked_id")
);
CREATE INDEX "idx_member_blocks_blocked" ON "member_blocks"("blocked_id");
ALTER TABLE "member_blocks" ADD CONSTRAINT "member_blocks_blocker_id_fkey" FOREIGN KEY ("blocker_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "member_blocks" ADD CONSTRAINT "member_blocks_blocked_id_fkey" FOREIGN KEY ("blocked_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "notification_digests" (
    "user_id" INTEGER NOT NULL,
    "last_sent_at" TIMESTAMPTZ(6) NOT NULL,
    CONSTRAINT "notification_digests_pkey" PRIMARY KEY ("user_id")
);
ALTER TABLE "notification_digests" ADD CONSTRAINT "notification_digests_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
