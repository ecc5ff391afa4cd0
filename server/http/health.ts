import type mongoose from "mongoose";
import type pg from "pg";

export interface DependencyCheck {
  name: string;
  check(): Promise<void>;
}

export interface ReadinessReport {
  ok: boolean;
  checks: Record<string, { ok: boolean; ms: number; error?: string }>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs every check in parallel, each bounded by the timeout, and names what failed. */
export async function checkReadiness(
  checks: DependencyCheck[],
  timeoutMs: number,
): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      const started = performance.now();
      try {
        await withTimeout(check(), timeoutMs, name);
        return [name, { ok: true, ms: Math.round(performance.now() - started) }] as const;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return [name, { ok: false, ms: Math.round(performance.now() - started), error: message }] as const;
      }
    }),
  );
  return { ok: results.every(([, result]) => result.ok), checks: Object.fromEntries(results) };
}

export function postgresCheck(pool: pg.Pool): DependencyCheck {
  return {
    name: "postgresql",
    async check() {
      await pool.query("SELECT 1");
    },
  };
}

export function mongoCheck(connection: mongoose.Connection): DependencyCheck {
  return {
    name: "mongodb",
    async check() {
      const db = connection.db;
      if (!db) throw new Error("not connected");
      await db.admin().ping();
    },
  };
}
