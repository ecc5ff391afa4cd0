import mongoose from "mongoose";
import { isInfrastructureError } from "../outage.ts";

const STARTUP_WINDOW_MS = 15_000;

/**
 * MongoDB through Mongoose's default connection; the models in server/modules/* register on it.
 * Production runs real MongoDB, development and tests FerretDB 1.x: code sticks to the subset
 * both support (no multi-document transactions, $lookup, $facet or TTL indexes).
 */
export async function connectMongo(url: string, options: { timeoutMs?: number } = {}): Promise<typeof mongoose> {
  // While MongoDB is unreachable a command fails after this long (the request answers 503)
  // rather than waiting in Mongoose's buffer (10 s) or for server selection (30 s by default).
  const timeoutMs = options.timeoutMs ?? 2_500;
  mongoose.set("strictQuery", true);
  mongoose.set("bufferTimeoutMS", timeoutMs);
  // Index builds are explicit (syncMongoIndexes), not a side effect of the first query.
  mongoose.set("autoIndex", false);
  mongoose.set("autoCreate", false);
  // At start MongoDB may still be coming up: keep trying for a while (as long as before this
  // timeout was shortened), so a short per-command timeout does not make starts flaky.
  const startDeadline = Date.now() + Math.max(timeoutMs, STARTUP_WINDOW_MS);
  for (;;) {
    try {
      return await mongoose.connect(url, { serverSelectionTimeoutMS: timeoutMs, maxPoolSize: 20 });
    } catch (error) {
      if (!isInfrastructureError(error) || Date.now() + timeoutMs > startDeadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export async function disconnectMongo(): Promise<void> {
  await mongoose.disconnect();
}

export function mongoConnection() {
  return mongoose.connection;
}
