import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createMigratedTestDatabase, createTestDatabase, type TestDatabase } from "../../testing/postgres.ts";
import { DEFAULT_MIGRATIONS_DIR, migrate } from "./migrate.ts";

const INIT = "20261124000000_init";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function database(migrated = false): Promise<TestDatabase> {
  const created = migrated ? await createMigratedTestDatabase() : await createTestDatabase();
  cleanups.push(created.drop);
  return created;
}

async function query<Row extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function migrationFolders(): Promise<string[]> {
  const entries = await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

/** A migrations directory of its own: { folder name: migration.sql }. */
async function migrationsDir(migrations: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "alephdraad-migrations-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
  for (const [name, sql] of Object.entries(migrations)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

describe("migrate", () => {
  it("applies every migration to a fresh database and records it as Prisma does", async () => {
    const { url } = await database();
    const lines: string[] = [];

    const { applied } = await migrate(url, { log: (line) => lines.push(line) });

    expect(applied).toEqual(await migrationFolders());
    expect(applied).toContain(INIT);
    expect(lines).toContain(`Applied migration ${INIT}`);
    const [row] = await query(url, "SELECT * FROM _prisma_migrations WHERE migration_name = $1", [INIT]);
    const file = await readFile(path.join(DEFAULT_MIGRATIONS_DIR, INIT, "migration.sql"));
    expect(row).toMatchObject({
      checksum: createHash("sha256").update(file).digest("hex"),
      applied_steps_count: 1,
      logs: null,
      rolled_back_at: null,
    });
    expect(row?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row?.finished_at.getTime()).toBeGreaterThanOrEqual(row?.started_at.getTime());
  });

  it("applies nothing the second time", async () => {
    const { url } = await database(true);
    expect(await migrate(url)).toEqual({ applied: [] });
  });

  it("applies each migration once when two processes migrate at the same time", async () => {
    const { url } = await database();
    const runs = await Promise.all([migrate(url), migrate(url)]);

    expect(runs.flatMap((run) => run.applied).sort()).toEqual(await migrationFolders());
    const rows = await query<{ migration_name: string }>(url, "SELECT migration_name FROM _prisma_migrations");
    expect(rows.map((row) => row.migration_name).sort()).toEqual(await migrationFolders());
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    const { url } = await database(true);
    await query(url, "UPDATE _prisma_migrations SET checksum = repeat('0', 64) WHERE migration_name = $1", [INIT]);

    await expect(migrate(url)).rejects.toThrow(new RegExp(`Migration ${INIT} was modified after it was applied`));
  });

  it("refuses while a recorded migration is unfinished", async () => {
    const { url } = await database(true);
    await query(url, "UPDATE _prisma_migrations SET finished_at = NULL, logs = 'boom' WHERE migration_name = $1", [
      INIT,
    ]);

    await expect(migrate(url)).rejects.toThrow(
      new RegExp(`Migration ${INIT} is recorded as started but not finished.*boom`),
    );
  });

  it("refuses when the database holds a migration that has no folder", async () => {
    const { url } = await database();
    const first = await migrationsDir({ "001_a": "CREATE TABLE a (id INT);" });
    await migrate(url, { migrationsDir: first });

    const without = await migrationsDir({ "002_b": "CREATE TABLE b (id INT);" });
    await expect(migrate(url, { migrationsDir: without })).rejects.toThrow(/Migration 001_a .* folder is missing/);
  });

  it("rolls back a failing migration and says which one failed and why", async () => {
    const { url } = await database();
    const dir = await migrationsDir({
      "001_ok": "CREATE TABLE a (id INT);",
      "002_broken": "CREATE TABLE b (id INT);\n\nINSERT INTO missing_table VALUES (1);\n",
    });
    const lines: string[] = [];

    await expect(migrate(url, { migrationsDir: dir, log: (line) => lines.push(line) })).rejects.toThrow(
      'Migration 002_broken failed and was rolled back: relation "missing_table" does not exist (migration.sql line 3)',
    );

    expect(lines).toEqual(["Applied migration 001_ok"]);
    const tables = await query(url, "SELECT to_regclass('a')::text AS a, to_regclass('b')::text AS b");
    expect(tables).toEqual([{ a: "a", b: null }]);
    const rows = await query(url, "SELECT migration_name FROM _prisma_migrations");
    expect(rows).toEqual([{ migration_name: "001_ok" }]);
  });

  it("runs as a command line program", async () => {
    const { url } = await database();
    const root = fileURLToPath(new URL("../../..", import.meta.url));
    const run = () =>
      promisify(execFile)(path.join(root, "node_modules/.bin/tsx"), ["server/platform/db/migrate.ts"], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: url },
      });

    expect((await run()).stdout).toContain(`Applied migration ${INIT}\n`);
    expect((await run()).stdout).toBe("database is up to date\n");
  });
});

describe("the init migration's search trigger", () => {
  it("fills threads.search_vector from title, summary and content in Indonesian and English", async () => {
    const { url } = await database(true);
    const [thread] = await query<{ id: number }>(
      url,
      `WITH u AS (INSERT INTO users (email, username, updated_at) VALUES ('a@example.test', 'a', now()) RETURNING id),
            c AS (INSERT INTO categories (name, slug, updated_at) VALUES ('Umum', 'umum', now()) RETURNING id)
       INSERT INTO threads (title, slug, summary, content_json, content_text, category_id, author_id, updated_at)
       SELECT 'Membangun aplikasi', 'membangun-aplikasi', 'Tentang deployment', '{}', 'running PostgreSQL',
              c.id, u.id, now()
       FROM u, c RETURNING id`,
    );
    const matches = (tsquery: string) =>
      query<{ rank: number | null }>(
        url,
        `SELECT ts_rank(search_vector, ${tsquery}) AS rank FROM threads WHERE id = $1 AND search_vector @@ ${tsquery}`,
        [thread?.id],
      );

    // Indonesian stemming (membangun -> bangun), English stemming (running -> run), exact words.
    expect(await matches("to_tsquery('indonesian', 'bangun')")).toHaveLength(1);
    expect(await matches("to_tsquery('english', 'run')")).toHaveLength(1);
    expect(await matches("to_tsquery('simple', 'postgresql')")).toHaveLength(1);
    // A title match outranks a content match.
    const [title] = await matches("to_tsquery('simple', 'aplikasi')");
    const [content] = await matches("to_tsquery('simple', 'postgresql')");
    expect(title?.rank).toBeGreaterThan(content?.rank ?? 0);

    await query(url, "UPDATE threads SET title = 'Belajar TypeScript' WHERE id = $1", [thread?.id]);
    expect(await matches("to_tsquery('simple', 'typescript')")).toHaveLength(1);
    expect(await matches("to_tsquery('indonesian', 'bangun')")).toHaveLength(0);
  });
});
