/**
 * The production server ahead of time: server/main.ts and everything it imports (TypeScript, the
 * generated Prisma client) bundled by esbuild into build/server/main.js, dependencies left to
 * node_modules, so `npm start` runs plain `node` with no runtime TypeScript loader (issue 15).
 * Part of `npm run build`, after `remix build`; dev and tests keep tsx.
 */
import { build } from "esbuild";

await build({
  entryPoints: ["server/main.ts"],
  outfile: "build/server/main.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  // Every bundled module shares the bundle's import.meta.url: no module may take itself for the
  // started script (server/platform/entry-module.ts).
  define: { "process.env.SERVER_BUNDLE": '"1"' },
  logLevel: "warning",
});
