import { expect, test } from "@playwright/test";
import { e2eMetricsToken } from "../playwright.config.ts";
import { freePort, startAppServer, startFerretDb, stop, waitFor } from "./support/processes.ts";

test.describe("operations endpoints", () => {
  test("/healthz answers while the process lives", async ({ request }) => {
    const response = await request.get("/healthz");
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok" });
    expect(response.headers()["x-request-id"]).toMatch(/^[\w-]{8,}$/);
  });

  test("/readyz reports both databases", async ({ request }) => {
    const response = await request.get("/readyz");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.checks.postgresql.ok).toBe(true);
    expect(body.checks.mongodb.ok).toBe(true);
  });

  test("/metrics speaks Prometheus with request, pool and process figures, only to its token", async ({ request }) => {
    await request.get("/");
    expect((await request.get("/metrics")).status()).toBe(401);
    const response = await request.get("/metrics", { headers: { authorization: `Bearer ${e2eMetricsToken}` } });
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/plain");
    const text = await response.text();
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/",status="200"\} \d+/);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/",status="200"\}/);
    expect(text).toMatch(/db_postgres_pool_connections \d+/);
    expect(text).toMatch(/db_mongo_pool_connections -?\d+/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
  });

  test("a trace context is continued and a request id kept", async ({ request }) => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const response = await request.get("/healthz", {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, "x-request-id": "req-from-proxy-1" },
    });
    expect(response.headers()["traceparent"]).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(response.headers()["x-request-id"]).toBe("req-from-proxy-1");
  });

  test("/readyz turns 503 naming MongoDB while it is down, and recovers", async () => {
    test.setTimeout(120_000);
    const mongoPort = await freePort();
    const appPort = await freePort();
    let ferret = startFerretDb(mongoPort);
    const app = startAppServer({
      PORT: String(appPort),
      DATABASE_URL: process.env.E2E_DATABASE_URL!,
      MONGODB_URL: `mongodb://127.0.0.1:${mongoPort}/alephdraad_readyz`,
      MIGRATE_ON_START: "true",
      SEED_ON_START: "false",
      READINESS_TIMEOUT_MS: "1000",
    });
    const readyz = () => fetch(`http://127.0.0.1:${appPort}/readyz`);
    try {
      await waitFor(async () => (await readyz()).status === 200, "the app to become ready", 60_000);

      await stop(ferret.child);
      const down = await readyz();
      expect(down.status).toBe(503);
      const body = await down.json();
      expect(body.status).toContain("mongodb");
      expect(body.checks.mongodb.ok).toBe(false);
      expect(body.checks.postgresql.ok).toBe(true);

      ferret = startFerretDb(mongoPort, ferret.sqliteDir);
      await waitFor(async () => (await readyz()).status === 200, "readiness after FerretDB restarts", 45_000);
    } finally {
      const code = await stop(app.child);
      await stop(ferret.child);
      // A graceful shutdown ends with exit code 0 and says so.
      expect(code, app.output.join("")).toBe(0);
      expect(app.output.join("")).toContain('"msg":"stopped"');
    }
  });
});
