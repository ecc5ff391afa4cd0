import { defineConfig } from "tsup";

// npm run build:client: src/router.generated.ts is written first (generate-router.ts).
export default defineConfig({
  entry: { index: new URL("src/index.ts", import.meta.url).pathname },
  outDir: new URL("dist", import.meta.url).pathname,
  format: ["esm", "cjs"],
  // The declarations are bundled too: the API's types travel in the package, the server's code does not.
  dts: true,
  clean: true,
  target: "es2022",
  platform: "neutral",
  // Its dependencies are installed beside it, never bundled (shared/ constants are).
  external: ["@trpc/client", "@trpc/server", "superjson"],
});
