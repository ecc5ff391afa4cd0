import { defineConfig } from "vitest/config";

// Integration tests talk to the real PostgreSQL, FerretDB and Redis started by
// scripts/services.sh; each test file creates its own databases (server/testing).
export default defineConfig({
  // The Remix app's own import alias, for tests that render app/ modules.
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  test: {
    include: ["server/**/*.test.ts", "app/**/*.test.{ts,tsx}", "prisma/**/*.test.ts", "scripts/**/*.test.ts", "shared/**/*.test.ts", "packages/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});
