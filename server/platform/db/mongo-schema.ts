import mongoose, { type Schema } from "mongoose";
import { newId, type IdPrefix } from "../ids.ts";

/** Building blocks shared by the Mongoose models in server/modules/*. */

/** The `_id` path of a collection: a prefixed ULID made by the application, never an ObjectId. */
export function prefixedId(prefix: IdPrefix) {
  return { type: String, default: () => newId(prefix) } as const;
}

/**
 * Rupiah and token amounts are whole numbers; Mongoose's Number would accept 0.5 and let the
 * ledger drift. Null passes so that nullable amounts can share the validator.
 */
export const integer = {
  validator: (value: unknown) => value == null || Number.isInteger(value),
  message: "{PATH} must be an integer, got {VALUE}",
};

/**
 * mongoose.model() that tolerates being evaluated twice: the Remix dev server re-imports the
 * rebuilt server bundle while the mongoose singleton (and its model registry) lives on.
 */
export function defineModel<TSchema extends Schema>(name: string, schema: TSchema) {
  if (mongoose.models[name]) mongoose.deleteModel(name);
  return mongoose.model(name, schema);
}

/** A write refused by a unique index (MongoDB and FerretDB answer code 11000). */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === 11000;
}
