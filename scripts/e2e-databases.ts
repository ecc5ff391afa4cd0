// The databases of one Playwright run (scripts/test.sh), named by the caller so that the web
// server started by playwright.config.ts can be pointed at them.
//   tsx scripts/e2e-databases.ts create <postgres-url>
//   tsx scripts/e2e-databases.ts drop <postgres-url> <mongodb-url>
import mongoose from "mongoose";
import { createDatabaseAt, dropDatabaseAt } from "../server/testing/postgres.ts";

const [command, postgresUrl, mongoUrl] = process.argv.slice(2);
if (command === "create" && postgresUrl) {
  await createDatabaseAt(postgresUrl);
} else if (command === "drop" && postgresUrl && mongoUrl) {
  const connection = await mongoose.createConnection(mongoUrl, { serverSelectionTimeoutMS: 5_000 }).asPromise();
  await connection.dropDatabase();
  await connection.close();
  await dropDatabaseAt(postgresUrl);
} else {
  console.error("usage: e2e-databases.ts create <postgres-url> | drop <postgres-url> <mongodb-url>");
  process.exit(2);
}
