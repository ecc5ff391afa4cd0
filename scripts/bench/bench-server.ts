// What every benchmark stands on: databases of its own (migrated, seeded, dropped afterwards) and
// the server as `npm start` runs it (production, its logging) on them, on a port of the bench's.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { connectMongo, disconnectMongo } from "../../server/platform/db/mongo.ts";
import { createPostgres, type Prisma } from "../../server/platform/db/postgres.ts";
import { migrate } from "../../server/platform/db/migrate.ts";
import { env } from "../../server/platform/env.ts";
import { syncMongoIndexes } from "../../server/modules/mongo-models.ts";
import { createDatabaseAt } from "../../server/testing/postgres.ts";
import { seedDemoData } from "../../prisma/seed.ts";
import { demoPassword, users } from "../../prisma/seed-data.ts";

// This process only reads where the database servers are (production would demand an APP_URL);
// the server it starts runs in production with one of its own.
process.env.NODE_ENV ||= "development";

/** /metrics answers only to its token; the bench's server is its own. */
const METRICS_TOKEN = "bench-metrics-token-0123456789";

export interface BenchDatabases {
  databaseUrl: string;
  mongoUrl: string;
  /** PostgreSQL of the bench's database; MongoDB (the models) is connected to its own too. */
  prisma: Prisma;
}

/** Runs `bench` on fresh, migrated and seeded databases, and drops them afterwards whatever happens. */
export async function withBenchDatabases<T>(bench: (databases: BenchDatabases) => Promise<T>): Promise<T> {
  const suffix = `bench_${randomBytes(4).toString("hex")}`;
  const withDatabase = (url: string) => Object.assign(new URL(url), { pathname: `/alephdraad_${suffix}` }).href;
  const databaseUrl = withDatabase(env().DATABASE_URL);
  const mongoUrl = withDatabase(env().MONGODB_URL);
  const database = await createDatabaseAt(databaseUrl);
  const postgres = createPostgres({ url: databaseUrl, max: 2 });
  try {
    await migrate(databaseUrl);
    await connectMongo(mongoUrl);
    await syncMongoIndexes();
    await seedDemoData({ prisma: postgres.prisma });
    return await bench({ databaseUrl, mongoUrl, prisma: postgres.prisma });
  } finally {
    await disconnectMongo();
    await postgres.close();
    await database.drop();
    const mongoose = (await import("mongoose")).default;
    const connection = await mongoose.createConnection(mongoUrl).asPromise();
    await connection.dropDatabase();
    await connection.close();
  }
}

export interface BenchServer {
  base: string;
  process: ChildProcess;
  /** The server's /metrics text. */
  metrics(): Promise<string>;
  /** One gauge or counter of /metrics without labels (process_resident_memory_bytes, ...). */
  metric(name: string): Promise<number>;
}

/**
 * Runs `bench` against a production server on `databases` at `port` (with `extraEnv` on top), and
 * stops the server afterwards, letting it finish its shutdown (at most 15 s) before the databases go.
 */
export async function withBenchServer<T>(
  databases: BenchDatabases,
  options: { port: number; extraEnv?: Record<string, string> },
  bench: (server: BenchServer) => Promise<T>,
): Promise<T> {
  const base = `http://127.0.0.1:${options.port}`;
  // Exactly as npm start (scripts/start.sh): the built server, its logging, its process count.
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (each process writes its own at exit).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "--enable-source-maps", "build/server/main.js"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      APP_URL: base,
      HOST: "127.0.0.1",
      PORT: String(options.port),
      DATABASE_URL: databases.databaseUrl,
      MONGODB_URL: databases.mongoUrl,
      SEED_ON_START: "false",
      METRICS_TOKEN,
      ...options.extraEnv,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    for (let attempt = 0; ; attempt += 1) {
      if (await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false)) break;
      if (attempt > 150 || child.exitCode !== null) throw new Error("the server did not start");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const metrics = async () => (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const metric = async (name: string) => Number((await metrics()).match(new RegExp(`^${name} (\\d+(?:\\.\\d+)?)`, "m"))?.[1] ?? NaN);
    return await bench({ base, process: child, metrics, metric });
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    }
  }
}

/** Signs the seeded demo member in through the API, as the sign-in form does; returns its cookies. */
export async function signInDemoMember(base: string): Promise<string> {
  const demo = users.find((user) => user.username === "demo");
  if (!demo) throw new Error("the seed data has no demo member");
  const response = await fetch(`${base}/api/trpc/auth.login`, {
    method: "POST",
    // CSRF protection wants the site's own Origin.
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ json: { identifier: demo.email, password: demoPassword } }),
  });
  if (!response.ok) throw new Error(`signing the demo member in failed: ${response.status} ${await response.text()}`);
  const cookies = response.headers.getSetCookie().map((header) => header.split(";")[0]!);
  if (!cookies.some((cookie) => cookie.startsWith("aleph_session="))) throw new Error("signing in set no session cookie");
  return cookies.join("; ");
}
