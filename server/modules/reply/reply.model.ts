import { Schema, type InferSchemaType } from "mongoose";
import { defineModel, integer, prefixedId } from "../../platform/db/mongo-schema.ts";

/** Top-level replies have depth 0; a reply to a reply at this depth is refused. */
export const MAX_REPLY_DEPTH = 3;

const replySchema = new Schema(
  {
    _id: prefixedId("rpl"),
    /** threads.id in PostgreSQL, as a string (the collection's original document shape). */
    threadId: { type: String, required: true },
    userId: { type: Number, required: true, validate: integer },
    /** Denormalised so a page of replies needs no user lookup. */
    username: { type: String, required: true },
    /** Plain text / markdown. Kept after a soft delete so that reports can still be reviewed. */
    content: { type: String, required: true },
    parentReplyId: { type: String, default: null },
    depth: { type: Number, required: true, default: 0, min: 0, max: MAX_REPLY_DEPTH, validate: integer },
    /** Deleted by its author: the text is hidden, the place in the tree stays. */
    isDeleted: { type: Boolean, required: true, default: false },
    deletedAt: { type: Date, default: null },
    /**
     * Not shown, for any reason: its thread was deleted, a moderator hid it (moderatedAt), or it
     * was hidden with all of its author's content (hiddenWithAuthor). Every read filters on this
     * one flag; the reasons say when it may be shown again (reply/service.ts).
     */
    isHidden: { type: Boolean, required: true, default: false },
    /** Hidden by a moderator (a report's resolution or moderation.content.hide). */
    moderatedAt: { type: Date, default: null },
    /** admins.id of that moderator. */
    moderatedBy: { type: Number, default: null, validate: integer },
    /** Hidden with all of its author's content (member_content_hides in PostgreSQL). */
    hiddenWithAuthor: { type: Boolean, required: true, default: false },
    editedAt: { type: Date, default: null },
  },
  { collection: "replies", timestamps: true, versionKey: false },
);

replySchema.index({ threadId: 1, createdAt: -1 });
replySchema.index({ userId: 1 });
// The member content job: one author's replies by reason.
replySchema.index({ userId: 1, hiddenWithAuthor: 1 });
replySchema.index({ parentReplyId: 1 });
// The periodic reconcile's recent replies (server/modules/thread/hide-activity.ts).
replySchema.index({ updatedAt: 1 });
// One level of the tree, oldest first: top level (parentReplyId null) or the children of a reply.
replySchema.index({ threadId: 1, parentReplyId: 1, createdAt: 1 });

export type Reply = InferSchemaType<typeof replySchema>;
export const ReplyModel = defineModel("Reply", replySchema);
