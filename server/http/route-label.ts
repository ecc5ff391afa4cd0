import type { ServerBuild } from "@remix-run/node";
import type { Request } from "express";
import { MAX_TRPC_BATCH } from "../../shared/request-limits.ts";

/**
 * Metric label for a request, always from a closed set so label cardinality stays bounded
 * whatever paths clients invent: a Remix route pattern ("/t/:id/:slug", not one series per
 * thread), `trpc:<procedure>` for a procedure of the router (`trpc:unknown` for any other name,
 * `trpc:batch` for a batch of several), a few fixed endpoints, else `unmatched`.
 */
export function routeLabeller(build: ServerBuild, procedureNames: Iterable<string>) {
  const procedures = new Set(procedureNames);
  const patterns = Object.values(build.routes)
    .map((route) => {
      const segments: string[] = [];
      for (let current: typeof route | undefined = route; current; current = current.parentId ? build.routes[current.parentId] : undefined) {
        if (current.path) segments.unshift(current.path);
      }
      const pattern = `/${segments.join("/")}`.replace(/\/+/g, "/");
      const regex = new RegExp(
        `^${pattern
          .split("/")
          .map((part) => (part.startsWith(":") ? "[^/]+" : part === "*" ? ".*" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
          .join("/")}/?$`,
      );
      return { pattern, regex, isIndex: Boolean(route.index) || segments.length === 0 };
    })
    // Static segments beat parameters: longer literal patterns first.
    .sort((a, b) => b.pattern.replace(/:[^/]+/g, "").length - a.pattern.replace(/:[^/]+/g, "").length);

  return (req: Request): string => {
    // originalUrl: a mounted handler (tRPC under /api/trpc) that ended the response left
    // req.url and req.path relative to its mount point.
    const path = (req.originalUrl || req.url).split("?")[0] ?? "";
    if (path.startsWith("/api/trpc/") || path === "/api/trpc") return trpcLabel(path.slice("/api/trpc/".length));
    if (["/healthz", "/readyz", "/metrics", "/api/live"].includes(path)) return path;
    if (path.startsWith("/build/")) return "/build/*";
    const crawler = crawlerDocumentLabel(path);
    if (crawler) return crawler;
    const match = patterns.find(({ regex }) => regex.test(path));
    return match ? match.pattern : "unmatched";
  };

  function trpcLabel(rawPaths: string): string {
    const distinct = new Set(procedureLabelsOf(rawPaths, procedures));
    if (distinct.size > 1) return "trpc:batch";
    const [name = "unknown"] = distinct;
    return `trpc:${name}`;
  }
}

/** robots.txt, the sitemap and the feeds (seo-routes.ts): a sitemap page without its number, a feed without its category. */
function crawlerDocumentLabel(path: string): string | null {
  if (["/robots.txt", "/sitemap.xml", "/sitemap-forum.xml", "/feed.xml", "/feed.atom"].includes(path)) return path;
  if (/^\/sitemap-threads-\d{1,9}\.xml$/.test(path)) return "/sitemap-threads-:page.xml";
  const feed = /^\/c\/[^/]+\/(feed\.(?:xml|atom))$/.exec(path);
  return feed ? `/c/:slug/${feed[1]}` : null;
}

/**
 * Metric labels of each call in a tRPC request (`/api/trpc/a,b`): the procedure's name, or
 * `unknown` for a name the router does not have. Empty for any other path.
 */
export function procedureLabeller(procedureNames: Iterable<string>) {
  const procedures = new Set(procedureNames);
  return (req: Request): string[] => {
    const path = (req.originalUrl || req.url).split("?")[0] ?? "";
    if (!path.startsWith("/api/trpc/")) return [];
    const labels = procedureLabelsOf(path.slice("/api/trpc/".length), procedures);
    // A batch batchLimit refused ran none of its calls.
    return labels.length > MAX_TRPC_BATCH ? [] : labels;
  };
}

function procedureLabelsOf(rawPaths: string, procedures: ReadonlySet<string>): string[] {
  let names: string[];
  try {
    names = decodeURIComponent(rawPaths).split(",");
  } catch {
    return ["unknown"];
  }
  return names.map((name) => (procedures.has(name) ? name : "unknown"));
}
