import { Schema, type InferSchemaType } from "mongoose";
import { defineModel, integer, prefixedId } from "../../platform/db/mongo-schema.ts";

/** An uploaded file; the bytes live in file storage under storageKey, this is its metadata. */
const documentSchema = new Schema(
  {
    _id: prefixedId("doc"),
    userId: { type: Number, required: true, validate: integer },
    title: { type: String, required: true },
    /** The name the file was uploaded with. */
    fileName: { type: String, required: true },
    mimeType: { type: String, required: true },
    /** Bytes. */
    size: { type: Number, required: true, min: 0, validate: integer },
    /** Private by default: only the owner, or whoever holds the share link, can read it. */
    isPublic: { type: Boolean, required: true, default: false },
    /** Secret of the share link; null when not shared. */
    shareToken: { type: String, default: null },
    storageKey: { type: String, required: true },
    sha256: { type: String, required: true, match: /^[0-9a-f]{64}$/ },
  },
  { collection: "documents", timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

documentSchema.index({ userId: 1, createdAt: -1 });
// Not unique: that would need a partial or sparse index for the many nulls, and FerretDB 1.x has
// no partialFilterExpression and silently drops `sparse`. Tokens are long random strings, so
// uniqueness comes from their generation.
documentSchema.index({ shareToken: 1 });

export type StoredDocument = InferSchemaType<typeof documentSchema>;
export const DocumentModel = defineModel("Document", documentSchema);
