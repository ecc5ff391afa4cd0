import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// Debian's Chromium: Playwright cannot download its own browser on these machines.
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${port}`;
export const e2eMetricsToken = "e2e-metrics-token-0123456789";
/**
 * The Redis key scope of this run's servers (cache, live bus): shared by e2e/live.spec.ts's second
 * server on the same databases, apart from every other run (its databases are its own).
 */
export const e2eRedisScope = `e2e:${new URL(process.env.E2E_DATABASE_URL ?? "postgresql://x/none").pathname.slice(1)}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  // One retry on CI, where a timing flake would otherwise block a landing; a test that
  // fails twice still fails the run, and the report names the flaky one.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL,
    // The journeys read the Indonesian interface (the default); Chromium would ask for en-US.
    locale: "id-ID",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined } },
    { name: "phone", use: { ...devices["Pixel 7"] }, testMatch: /journey/ },
  ],
  webServer: {
    // A server of its own on the databases scripts/test.sh created for this run; it migrates
    // and seeds them at start.
    // The production server as npm start runs it: built ahead of time (run `npm run build` first).
    command: "node --enable-source-maps build/server/main.js",
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "test",
      // The wallet journeys pay through the built-in sandbox gateway: chosen explicitly.
      PAYMENT_GATEWAY: "sandbox",
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      DATABASE_URL: requireEnv("E2E_DATABASE_URL"),
      MONGODB_URL: requireEnv("E2E_MONGODB_URL"),
      MIGRATE_ON_START: "true",
      SEED_ON_START: "true",
      // Journeys sign up many members from one address through the API, with no CAPTCHA
      // solver; e2e/auth.spec.ts runs a server of its own with both on.
      CAPTCHA_ENABLED: "false",
      RATE_LIMIT_ENABLED: "false",
      // Redis (caches, live updates) under this run's own scope; e2e/live.spec.ts checks it is set.
      REDIS_URL: process.env.REDIS_URL ?? "",
      TEST_REDIS_SCOPE: e2eRedisScope,
      // /metrics answers only to this token (e2e/operations.spec.ts scrapes it).
      METRICS_TOKEN: e2eMetricsToken,
      // e2e/auth.spec.ts reads verification and reset links at /dev/mailbox.
      DEV_MAILBOX: "true",
      // Webhook endpoints on 127.0.0.1 (e2e/a11y.spec.ts shows a member's endpoint and its log).
      WEBHOOK_ALLOW_LOOPBACK: "true",
      // Uploaded documents of this run's databases, away from the development server's .data/storage.
      STORAGE_DIR: path.join(tmpdir(), `alephdraad-e2e-storage-${port}`),
    },
  },
});

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser journeys through "npm test"`);
  return value;
}
