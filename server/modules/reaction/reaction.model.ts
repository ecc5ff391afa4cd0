import { Schema, type InferSchemaType } from "mongoose";
import { defineModel, integer, prefixedId } from "../../platform/db/mongo-schema.ts";

export const REACTION_TYPES = ["like", "love", "fire", "sad", "laugh"] as const;
export type ReactionType = (typeof REACTION_TYPES)[number];

const reactionSchema = new Schema(
  {
    _id: prefixedId("rct"),
    threadId: { type: String, required: true },
    userId: { type: Number, required: true, validate: integer },
    type: { type: String, required: true, enum: REACTION_TYPES },
    /** Hidden by the application: its thread was deleted or its author banned. */
    isHidden: { type: Boolean, required: true, default: false },
  },
  { collection: "reactions", timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

reactionSchema.index({ threadId: 1, type: 1 });
// One reaction per user per thread: changing it is an update, never a second row.
reactionSchema.index({ threadId: 1, userId: 1 }, { unique: true });
// Hiding a banned user's reactions.
reactionSchema.index({ userId: 1 });
// The notification sweep's recent reactions (notification/handler.ts).
reactionSchema.index({ createdAt: 1 });

export type Reaction = InferSchemaType<typeof reactionSchema>;
export const ReactionModel = defineModel("Reaction", reactionSchema);
