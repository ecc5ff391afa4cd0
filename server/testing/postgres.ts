import { randomBytes } from "node:crypto";
import pg from "pg";
import { env } from "../platform/env.ts";
import { migrate } from "../platform/db/migrate.ts";
import { prepareJobQueue } from "../platform/jobs.ts";
import { createLogger } from "../platform/logger.ts";

export interface TestDatabase {
  url: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: env().DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function databaseNameOf(databaseUrl: string): string {
  const name = new URL(databaseUrl).pathname.slice(1);
  if (!/^\w+$/.test(name)) throw new Error(`unsafe database name "${name}"`);
  return name;
}

/** Creates the database a URL names, on the server of DATABASE_URL. */
export async function createDatabaseAt(databaseUrl: string): Promise<TestDatabase> {
  await onServer(`CREATE DATABASE "${databaseNameOf(databaseUrl)}"`);
  return { url: databaseUrl, drop: () => dropDatabaseAt(databaseUrl) };
}

/** Drops the database a URL names, closing any connection still open to it. */
export async function dropDatabaseAt(databaseUrl: string): Promise<void> {
  const statement = `DROP DATABASE IF EXISTS "${databaseNameOf(databaseUrl)}" WITH (FORCE)`;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await onServer(statement);
    } catch (error) {
      // A server process of another role (e.g. autovacuum) may hold the database for a moment;
      // FORCE cannot end it, but it goes away by itself.
      if ((error as { code?: string }).code !== "42501" || attempt === 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

/** An empty database of its own on the server of DATABASE_URL, so test files can run in parallel. */
export function createTestDatabase(): Promise<TestDatabase> {
  const url = new URL(env().DATABASE_URL);
  url.pathname = `/alephdraad_test_${randomBytes(6).toString("hex")}`;
  return createDatabaseAt(url.href);
}

/** A test database with every migration of prisma/migrations applied. */
export async function createMigratedTestDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  try {
    await migrate(database.url);
    // Writes anywhere queue their jobs (notifications) in their transactions: the queue's schema
    // belongs to every migrated database, as server/main.ts prepares it at start.
    await prepareJobQueue(database.url, createLogger({ level: "silent" }));
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}
