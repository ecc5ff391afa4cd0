import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client.ts";

export type Prisma = InstanceType<typeof PrismaClient>;

export interface Postgres {
  prisma: Prisma;
  /** The pg pool behind Prisma, exposed for pool metrics and raw health checks. */
  pool: pg.Pool;
  close(): Promise<void>;
}

/** One pg pool shared by Prisma (through its driver adapter) and the health check. */
export function createPostgres(options: { url: string; max: number }): Postgres {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}
