// Builds public/sw.js (gitignored) from app/service-worker/sw.js after `remix build`: Workbox's files are
// copied to public/workbox-v<version>/ and the precache list (hashed assets of public/build, icons, the
// offline page in each language and the manifest) is injected. `npm run build` runs both steps; so do start.sh, test.sh and dev.sh.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { copyWorkboxLibraries, injectManifest } from "workbox-build";
import { DEFAULT_LOCALE, LOCALE_COOKIE, LOCALES } from "../shared/locale.ts";
import { OFFLINE_THREADS_KEPT } from "../shared/offline.ts";

const root = path.resolve(import.meta.dirname, "..");
const publicDir = path.join(root, "public");

const assets = await readdir(path.join(publicDir, "build"), { recursive: true }).catch(() => {
  throw new Error("public/build is missing: run `remix build` first (npm run build does both)");
});
// The offline page and the manifest are rendered by the server: their HTML names this build's assets, so
// the build's own fingerprint (Remix's manifest-<hash>.js) is their revision.
const remixManifest = assets.find((file) => /^manifest-[\w-]+\.js$/.test(file));
if (!remixManifest) throw new Error("public/build has no manifest-<hash>.js: the Remix build did not finish");
const revision = createHash("sha256").update(remixManifest).digest("hex").slice(0, 16);

// One copy of Workbox at a time: an older version's folder is left over from a dependency update.
for (const entry of await readdir(publicDir)) if (/^workbox-v[\d.]+$/.test(entry)) await rm(path.join(publicDir, entry), { recursive: true });
const workboxDir = await copyWorkboxLibraries(publicDir);

const source = (await readFile(path.join(root, "app/service-worker/sw.js"), "utf8")).replaceAll("__WORKBOX_DIR__", workboxDir)
  .replaceAll("__THREADS_KEPT__", String(OFFLINE_THREADS_KEPT))
  .replaceAll("__LOCALES__", JSON.stringify(LOCALES))
  .replaceAll("__DEFAULT_LOCALE__", DEFAULT_LOCALE)
  .replaceAll("__LOCALE_COOKIE__", LOCALE_COOKIE);
const filledSource = path.join(root, ".cache/sw.source.js");
await mkdir(path.dirname(filledSource), { recursive: true });
await writeFile(filledSource, source);

const { count, size, warnings } = await injectManifest({
  swSrc: filledSource,
  swDest: path.join(publicDir, "sw.js"),
  globDirectory: publicDir,
  globPatterns: ["build/**/*.{js,css}", "icons/*.png", "favicon.svg"],
  // The admin pages are for a few staff, never offline: members do not download their code.
  globIgnores: ["build/routes/admin*"],
  // Their names carry their content hash already.
  dontCacheBustURLsMatching: /^build\//,
  additionalManifestEntries: [
    // One offline page per language: the worker opens the one in the reader's language.
    ...LOCALES.map((locale) => ({ url: `/luring?bahasa=${locale}`, revision })),
    { url: "/manifest.webmanifest", revision },
  ],
});
for (const warning of warnings) console.warn(`service worker: ${warning}`);
console.log(`service worker: public/sw.js precaches ${count} files (${(size / 1024).toFixed(0)} KiB), Workbox in public/${workboxDir}`);
