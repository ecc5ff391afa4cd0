import { randomBytes } from "node:crypto";
import { syncMongoIndexes } from "../modules/mongo-models.ts";
import { connectMongo, disconnectMongo, mongoConnection } from "../platform/db/mongo.ts";
import { env } from "../platform/env.ts";

export interface TestMongo {
  /** URL of the database made for this test file. */
  url: string;
  /** Drops the database and disconnects; call it in afterAll. */
  drop(): Promise<void>;
}

/**
 * Connects Mongoose's default connection to a fresh database, with every collection and index,
 * on the server of MONGODB_URL, so test files running in parallel never see each other's data.
 * One per test file: the default connection holds a single database.
 */
export async function connectTestMongo(): Promise<TestMongo> {
  const url = new URL(env().MONGODB_URL);
  url.pathname = `/alephdraad_test_${randomBytes(6).toString("hex")}`;
  await connectMongo(url.href);
  const drop = async () => {
    await mongoConnection().dropDatabase();
    await disconnectMongo();
  };
  try {
    await syncMongoIndexes();
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: url.href, drop };
}
