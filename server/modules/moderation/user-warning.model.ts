import { Schema, type InferSchemaType } from "mongoose";
import { defineModel, integer, prefixedId } from "../../platform/db/mongo-schema.ts";

export const WARNING_SEVERITIES = ["warning", "final"] as const;
export type WarningSeverity = (typeof WARNING_SEVERITIES)[number];

const userWarningSchema = new Schema(
  {
    _id: prefixedId("wrn"),
    userId: { type: Number, required: true, validate: integer },
    /** admins.id of who issued it. */
    adminId: { type: Number, required: true, validate: integer },
    reason: { type: String, required: true },
    severity: { type: String, required: true, enum: WARNING_SEVERITIES, default: "warning" },
  },
  { collection: "user_warnings", timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

userWarningSchema.index({ userId: 1, createdAt: -1 });

export type UserWarning = InferSchemaType<typeof userWarningSchema>;
export const UserWarningModel = defineModel("UserWarning", userWarningSchema);
