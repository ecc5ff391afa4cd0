import type { ServerBuild } from "@remix-run/node";
import type { Request } from "express";

/**
 * Metric label for a request: its route pattern, never the raw URL, so label cardinality stays
 * bounded ("/t/:id/:slug", not one series per thread).
 */
export function routeLabeller(build: ServerBuild) {
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
    const path = req.path;
    if (path.startsWith("/api/trpc/")) return `/api/trpc/${path.slice("/api/trpc/".length).split(",").sort().join(",")}`.slice(0, 200);
    if (["/healthz", "/readyz", "/metrics"].includes(path)) return path;
    if (path.startsWith("/build/")) return "/build/*";
    const match = patterns.find(({ regex }) => regex.test(path));
    return match ? match.pattern : "unmatched";
  };
}
