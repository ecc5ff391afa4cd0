import { Schema, type InferSchemaType } from "mongoose";
import { defineModel, integer, prefixedId } from "../../platform/db/mongo-schema.ts";

/**
 * A device fingerprint barred from register and login. A ban is active while expiresAt is null
 * or in the future; expiry is checked in queries (FerretDB has no TTL indexes), lifting a ban
 * early sets expiresAt to now, and ended bans stay as history.
 */
const deviceBanSchema = new Schema(
  {
    _id: prefixedId("ban"),
    fingerprint: { type: String, required: true },
    reason: { type: String, required: true },
    /** admins.id of who banned it. */
    bannedBy: { type: Number, required: true, validate: integer },
    expiresAt: { type: Date, default: null },
    /** users.id of the account whose session used the fingerprint, when banned from a member. */
    sourceUserId: { type: Number, default: null, validate: integer },
  },
  { collection: "device_bans", timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

// Not unique: a fingerprint can be banned again after an earlier ban expired.
deviceBanSchema.index({ fingerprint: 1 });
// The admin list, newest first.
deviceBanSchema.index({ createdAt: -1 });

export type DeviceBan = InferSchemaType<typeof deviceBanSchema>;
export const DeviceBanModel = defineModel("DeviceBan", deviceBanSchema);
