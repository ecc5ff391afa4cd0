/**
 * Compiles messages/<locale>.json (the inlang project in project.inlang/) into shared/paraglide/:
 * one tree-shakable function per message, so a route's bundle carries only the messages it calls.
 * Run by scripts/install.sh (so `npm start`, `npm test` and `npm run dev` have it) and `npm run build`.
 */
import { compile } from "@inlang/paraglide-js";

await compile({
  project: "./project.inlang",
  outdir: "./shared/paraglide",
  // The locale is not detected by Paraglide: the server resolves it per request (cookie, then
  // Accept-Language; server/platform/locale.ts) and hands it over through the request context,
  // the browser reads the <html lang> the server rendered (app/entry.client.tsx).
  strategy: ["baseLocale"],
  emitReadme: false,
  emitPrettierIgnore: false,
});
// The compiler's project store (@lix-js/sdk, WebAssembly) leaves 30 s timers running after the
// output is written; waiting for them doubled the time of every install and build.
process.exit(0);
