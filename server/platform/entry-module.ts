import { pathToFileURL } from "node:url";

/**
 * Whether the module at `moduleUrl` (its import.meta.url) is the script node was started with, as
 * for `tsx server/platform/db/migrate.ts`. Never inside the built server (scripts/build-server.ts
 * defines SERVER_BUNDLE), where every module shares the bundle's URL, the started script's too.
 */
export function isEntryModule(moduleUrl: string): boolean {
  return !process.env.SERVER_BUNDLE && process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;
}
