import mongoose from "mongoose";

/**
 * MongoDB through Mongoose's default connection; the models in server/modules/* register on it.
 * Production runs real MongoDB, development and tests FerretDB 1.x: code sticks to the subset
 * both support (no multi-document transactions, $lookup, $facet or TTL indexes).
 */
export async function connectMongo(url: string): Promise<typeof mongoose> {
  mongoose.set("strictQuery", true);
  // Index builds are explicit (syncMongoIndexes), not a side effect of the first query.
  mongoose.set("autoIndex", false);
  mongoose.set("autoCreate", false);
  return mongoose.connect(url, {
    serverSelectionTimeoutMS: 5_000,
    maxPoolSize: 20,
  });
}

export async function disconnectMongo(): Promise<void> {
  await mongoose.disconnect();
}

export function mongoConnection() {
  return mongoose.connection;
}
