import express, { type Request, type Response, type Router } from "express";
import type { Runtime } from "../app-services.ts";
import { NotFoundError } from "../platform/errors.ts";
import { categorySlug } from "../modules/schemas.ts";
import { FEED_TYPE, feedPath, type FeedFormat } from "../../shared/feed-paths.ts";
import {
  forumSitemap,
  FORUM_SITEMAP_PATH,
  robotsTxt,
  sitemap,
  SITEMAP_PATH,
  threadFeed,
  threadSitemap,
  type SeoDeps,
} from "../modules/seo/service.ts";
import { asyncHandler } from "./async-handler.ts";
import * as m from "../../shared/paraglide/messages/_index.js";

/**
 * Short enough that a thread hidden by a moderator leaves proxies and readers within minutes
 * (the server's own copy, the forum cache, is dropped at once).
 */
const CACHE_CONTROL = "public, max-age=300";

const contentType = (format: FeedFormat) => `${FEED_TYPE[format]}; charset=utf-8`;

/**
 * robots.txt, the sitemap and the feeds (server/modules/seo). Express routes rather than Remix
 * ones: they are documents, not pages, and answer without the page's session and header reads.
 * Mounted by app.ts before the public folder, so no stale file there can shadow them.
 */
export function seoHttpRoutes(runtime: SeoDeps & Pick<Runtime, "publicOriginOf">): Router {
  const router: Router = express.Router();
  const deps: SeoDeps = { prisma: runtime.prisma, cache: runtime.cache };
  // By the one rule of server/platform/public-origin.ts: APP_URL, never a Host header in production.
  const originOf = (req: Request) => runtime.publicOriginOf({ get: (name) => req.get(name) });
  const send = (res: Response, type: string, body: string) =>
    res.status(200).setHeader("Cache-Control", CACHE_CONTROL).type(type).send(body);
  const notFound = (res: Response) => res.status(404).type("text/plain; charset=utf-8").send(m.error_http_notFound());

  router.get("/robots.txt", (req, res) => {
    send(res, "text/plain; charset=utf-8", robotsTxt(originOf(req)));
  });
  router.get(SITEMAP_PATH, asyncHandler(async (req, res) => {
    send(res, "application/xml; charset=utf-8", await sitemap(deps, originOf(req)));
  }));
  router.get(FORUM_SITEMAP_PATH, asyncHandler(async (req, res) => {
    send(res, "application/xml; charset=utf-8", await forumSitemap(deps, originOf(req)));
  }));
  router.get(/^\/sitemap-threads-(\d{1,9})\.xml$/, asyncHandler(async (req, res) => {
    try {
      send(res, "application/xml; charset=utf-8", await threadSitemap(deps, originOf(req), Number(req.params[0])));
    } catch (error) {
      if (error instanceof NotFoundError) return notFound(res);
      throw error;
    }
  }));

  for (const format of ["rss", "atom"] as const) {
    router.get(feedPath(format), asyncHandler(async (req, res) => {
      send(res, contentType(format), await threadFeed(deps, originOf(req), format));
    }));
    router.get(`/c/:slug/${feedPath(format).slice(1)}`, asyncHandler<{ slug: string }>(async (req, res) => {
      const slug = categorySlug.safeParse(req.params.slug);
      if (!slug.success) return notFound(res);
      try {
        send(res, contentType(format), await threadFeed(deps, originOf(req), format, slug.data));
      } catch (error) {
        if (error instanceof NotFoundError) return notFound(res);
        throw error;
      }
    }));
  }
  return router;
}
