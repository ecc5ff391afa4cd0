import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { env } from "../env.ts";
import { isEntryModule } from "../entry-module.ts";

/**
 * `prisma migrate deploy` without Prisma's native schema engine, which cannot run on these
 * machines. Migrations live in Prisma's layout (prisma/migrations/<name>/migration.sql) and are
 * recorded in `_prisma_migrations` exactly as Prisma records them, so a machine that has the
 * engine sees them as applied. Unlike Prisma, each migration runs in a transaction, so a failed
 * one leaves nothing behind; and drift (an edited or vanished migration) is refused up front.
 */

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL("../../../prisma/migrations", import.meta.url));

/** The key Prisma's schema engine locks, so this runner and Prisma also exclude each other. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

/** Prisma's own DDL for PostgreSQL (schema-engine sql-schema-connector). */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {
  override name = "MigrationError";
}

export interface MigrateOptions {
  migrationsDir?: string;
  log?: (line: string) => void;
}

interface MigrationFolder {
  name: string;
  script: string;
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

export async function migrate(databaseUrl: string, options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const folders = await readMigrationFolders(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Session-level lock: held across the per-migration transactions below.
    await client.query(`SELECT pg_advisory_lock(${PRISMA_ADVISORY_LOCK_KEY})`);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<MigrationRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at, logs
         FROM _prisma_migrations ORDER BY started_at, migration_name`,
      );
      const pending = pendingMigrations(folders, rows);
      const applied: string[] = [];
      for (const migration of pending) {
        await applyMigration(client, migration);
        applied.push(migration.name);
        options.log?.(`Applied migration ${migration.name}`);
      }
      return { applied };
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${PRISMA_ADVISORY_LOCK_KEY})`).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}

async function readMigrationFolders(dir: string): Promise<MigrationFolder[]> {
  const lockfile = await readFile(path.join(dir, "migration_lock.toml"), "utf8").catch(() => null);
  const provider = lockfile
    ?.split("\n")
    .map((line) => /^\s*provider\s*=\s*"([^"]*)"/.exec(line)?.[1])
    .find((value) => value !== undefined);
  if (lockfile !== null && provider !== "postgresql") {
    throw new MigrationError(
      `${path.join(dir, "migration_lock.toml")} is for provider "${provider ?? "?"}", not "postgresql"`,
    );
  }
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name, "migration.sql");
      const script = await readFile(file, "utf8").catch(() => {
        throw new MigrationError(`Migration ${name} has no migration.sql (${file})`);
      });
      return { name, script };
    }),
  );
}

/** Prisma's checksum: sha256 of the script, as 64 lowercase hex digits. */
export function migrationChecksum(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

/**
 * Prisma's comparison: line endings may differ (git converts them), and some old Prisma versions
 * wrote each hash byte without zero padding.
 */
function checksumMatches(script: string, recorded: string): boolean {
  const variants = [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")];
  return variants.some((variant) => {
    const digest = createHash("sha256").update(variant, "utf8").digest();
    const rendered =
      recorded.length === 64 ? digest.toString("hex") : [...digest].map((byte) => byte.toString(16)).join("");
    return rendered === recorded;
  });
}

function pendingMigrations(folders: MigrationFolder[], rows: MigrationRow[]): MigrationFolder[] {
  // A rolled-back row (`prisma migrate resolve --rolled-back`) no longer counts as applied.
  const live = rows.filter((row) => row.rolled_back_at === null);
  const failed = live.find((row) => row.finished_at === null);
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migration_name} is recorded as started but not finished (a failed run)` +
        `${failed.logs ? `: ${failed.logs.trim()}` : ""}. Repair the database by hand, then mark it with ` +
        `\`prisma migrate resolve --rolled-back ${failed.migration_name}\` (or --applied) before migrating again.`,
    );
  }
  const byName = new Map(folders.map((folder) => [folder.name, folder]));
  for (const row of live) {
    const folder = byName.get(row.migration_name);
    if (!folder) {
      throw new MigrationError(
        `Migration ${row.migration_name} is applied to the database but its folder is missing ` +
          `from the migrations directory.`,
      );
    }
    if (!checksumMatches(folder.script, row.checksum)) {
      throw new MigrationError(
        `Migration ${row.migration_name} was modified after it was applied (its checksum ` +
          `${migrationChecksum(folder.script)} differs from the recorded ${row.checksum}). ` +
          `Restore the file and add a new migration instead.`,
      );
    }
  }
  const applied = new Set(live.map((row) => row.migration_name));
  return folders.filter((folder) => !applied.has(folder.name));
}

async function applyMigration(client: pg.Client, migration: MigrationFolder): Promise<void> {
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    // The same two writes as Prisma: a started row, then finished_at and the step count.
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, clock_timestamp(), 0)`,
      [id, migrationChecksum(migration.script), migration.name],
    );
    // No parameters: the simple query protocol runs a multi-statement script.
    await client.query(migration.script);
    await client.query(
      `UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw new MigrationError(
      `Migration ${migration.name} failed and was rolled back: ${describeError(error, migration.script)}`,
      { cause: error },
    );
  }
}

function describeError(error: unknown, script: string): string {
  if (!(error instanceof Error)) return String(error);
  // PostgreSQL reports where in the script it failed as a 1-based character offset.
  const position = error instanceof pg.DatabaseError ? Number(error.position) : 0;
  if (!position) return error.message;
  const line = script.slice(0, position - 1).split("\n").length;
  return `${error.message} (migration.sql line ${line})`;
}

if (isEntryModule(import.meta.url)) {
  migrate(env().DATABASE_URL, { log: (line) => console.log(line) })
    .then(({ applied }) => {
      if (applied.length === 0) console.log("database is up to date");
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
