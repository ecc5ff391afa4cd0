import type pg from "pg";
import type mongoose from "mongoose";
import client from "prom-client";

/** Prometheus metrics of one server process, on their own registry (tests create several). */
export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });

  const httpRequests = new client.Counter({
    name: "http_requests_total",
    help: "HTTP requests served, by method, route and status.",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const httpDuration = new client.Histogram({
    name: "http_request_duration_seconds",
    help: "Time to serve an HTTP request, by method, route and status.",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  const reconcileFixes = new client.Counter({
    name: "reconcile_fixes_total",
    help: "Disagreements between PostgreSQL and MongoDB found and fixed by the periodic reconcile, by kind.",
    labelNames: ["kind"] as const,
    registers: [registry],
  });

  const trpcCalls = new client.Counter({
    name: "trpc_calls_total",
    help: "tRPC calls received, by procedure (each call of a batch counts for its own).",
    labelNames: ["procedure"] as const,
    registers: [registry],
  });

  const pushes = new client.Counter({
    name: "web_push_total",
    help: "Web Push messages handed to push services, by outcome (sent, gone: subscription removed, failed).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const liveConnections = new client.Gauge({
    name: "live_connections",
    help: "Live-update connections (SSE, /api/live) this process holds open.",
    registers: [registry],
  });

  return {
    registry,
    countPush(outcome: "sent" | "gone" | "failed") {
      pushes.inc({ outcome });
    },
    /** A live connection opened (+1) or closed (-1). */
    countLiveConnection(delta: 1 | -1) {
      liveConnections.inc(delta);
    },
    /** What one reconcile run fixed (kinds such as reply_hidden, reply_count). */
    countReconcileFixes(fixed: Record<string, number>) {
      for (const [kind, count] of Object.entries(fixed)) if (count > 0) reconcileFixes.inc({ kind }, count);
    },
    observeRequest(labels: { method: string; route: string; status: number }, seconds: number) {
      const values = { ...labels, status: String(labels.status) };
      httpRequests.inc(values);
      httpDuration.observe(values, seconds);
    },
    /** `procedures` come from a closed set (route-label.ts), never straight from the URL. */
    countTrpcCalls(procedures: string[]) {
      for (const procedure of procedures) trpcCalls.inc({ procedure });
    },
    /** Pool gauges read at scrape time, so they are never stale. */
    watchPostgresPool(pool: pg.Pool) {
      const gauge = (name: string, help: string, read: () => number) =>
        new client.Gauge({
          name,
          help,
          registers: [registry],
          collect() {
            this.set(read());
          },
        });
      gauge("db_postgres_pool_connections", "PostgreSQL pool connections open.", () => pool.totalCount);
      gauge("db_postgres_pool_idle", "PostgreSQL pool connections idle.", () => pool.idleCount);
      gauge("db_postgres_pool_waiting", "Queries waiting for a PostgreSQL connection.", () => pool.waitingCount);
    },
    /**
     * Dead-letter jobs (out of attempts) per task, counted at scrape time. `tasks` is the closed
     * label set (the job registry's names); a task the database knows but the registry does not
     * (renamed, removed) counts as "other". A failed count keeps the last values.
     */
    watchDeadLetterJobs(count: () => Promise<Map<string, number>>, tasks: readonly string[]) {
      const known = new Set(tasks);
      new client.Gauge({
        name: "jobs_dead_letter",
        help: "Background jobs that used all their attempts and wait for an admin to retry or discard them, by task.",
        labelNames: ["task"] as const,
        registers: [registry],
        async collect() {
          let counts: Map<string, number>;
          try {
            counts = await count();
          } catch {
            return;
          }
          const values = new Map<string, number>([...known, "other"].map((task) => [task, 0]));
          for (const [task, n] of counts) {
            const label = known.has(task) ? task : "other";
            values.set(label, (values.get(label) ?? 0) + n);
          }
          for (const [task, n] of values) this.set({ task }, n);
        },
      });
    },
    /** The MongoDB driver reports its pool through events; count them into gauges. */
    watchMongoPool(connection: mongoose.Connection) {
      const open = new client.Gauge({
        name: "db_mongo_pool_connections",
        help: "MongoDB pool connections open.",
        registers: [registry],
      });
      const checkedOut = new client.Gauge({
        name: "db_mongo_pool_checked_out",
        help: "MongoDB pool connections in use.",
        registers: [registry],
      });
      const mongoClient = connection.getClient();
      mongoClient.on("connectionCreated", () => open.inc());
      mongoClient.on("connectionClosed", () => open.dec());
      mongoClient.on("connectionCheckedOut", () => checkedOut.inc());
      mongoClient.on("connectionCheckedIn", () => checkedOut.dec());
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
