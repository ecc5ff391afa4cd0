import { createRequestHandler as createExpressHandler } from "@remix-run/express";
import { LOCALE_COOKIE, resolveLocale } from "../../shared/locale.ts";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import { pageBody, storePage, type PageStore, type StoredPage } from "../platform/page-cache.ts";
import { asyncHandler } from "./async-handler.ts";

/**
 * Remix pages, the anonymous home, category and topic pages from the page cache
 * (docs/decisions/0014). A page is kept only for a visitor who can have no personal state: a GET
 * with no cookie but the theme's (a session, admin, device or any unknown cookie means "render
 * for this request"), no Authorization header, not a data request. Personal pages on the same
 * paths say so to every cache on the way (private, no-store).
 */
const CACHED_PATHS = [/^\/$/, /^\/c\/[^/]+$/, /^\/t\/\d+(?:\/[^/]+)?$/];
/** Cookies that only choose among renders anyone may see: part of the key. */
const KEY_COOKIES = new Set(["theme", LOCALE_COOKIE]);

export interface PageCacheOptions {
  build: ServerBuild;
  mode: "production" | "development";
  getLoadContext(req: Request, res: Response): AppLoadContext;
  store: PageStore;
  /** The generation of the data pages are rendered from; rejects when unknown (nothing is then kept). */
  generation(): Promise<string>;
}

const isPagePath = (req: Request) => req.method === "GET" && CACHED_PATHS.some((pattern) => pattern.test(req.path));

/** The cache key of an anonymous page request, or null when the response may be personal. */
export function anonymousPageKey(req: Request): string | null {
  if (!isPagePath(req) || req.get("authorization") !== undefined) return null;
  const query = req.originalUrl.indexOf("?");
  if (query !== -1 && new URLSearchParams(req.originalUrl.slice(query)).has("_data")) return null;
  const keyed: string[] = [];
  for (const pair of (req.get("cookie") ?? "").split(";")) {
    if (!pair.trim()) continue;
    const name = pair.slice(0, pair.indexOf("=") === -1 ? undefined : pair.indexOf("=")).trim();
    if (!KEY_COOKIES.has(name)) return null;
    keyed.push(pair.trim());
  }
  // The page's language (the locale cookie, else Accept-Language) by its resolved value, never the raw
  // header: two visitors asking differently for the same language share the page, no two languages do.
  const locale = resolveLocale({ cookie: req.get("cookie"), acceptLanguage: req.get("accept-language") });
  // The host too: a lying Host header can only ever fill its own entries.
  return `${req.get("host") ?? ""}${req.originalUrl}\n${locale}\n${keyed.filter((pair) => !pair.startsWith(`${LOCALE_COOKIE}=`)).sort().join("; ")}`;
}

/** Whether a rendered response is the same for every anonymous visitor. */
function storable(response: globalThis.Response): boolean {
  const cacheControl = response.headers.get("cache-control") ?? "";
  return (
    response.status === 200 &&
    !response.headers.has("set-cookie") &&
    /^text\/html/.test(response.headers.get("content-type") ?? "") &&
    !/private|no-store/.test(cacheControl)
  );
}

function sendPage(req: Request, res: Response, page: StoredPage, nonce: string, state: "hit" | "miss") {
  res.status(page.status);
  for (const [name, value] of page.headers) res.setHeader(name, value);
  // The body carries this response's nonce: no shared cache may keep it for another visitor.
  res.setHeader("Cache-Control", "private, no-cache");
  res.setHeader("Vary", "Accept-Encoding, Cookie");
  res.setHeader("X-Page-Cache", state);
  const gzip = req.acceptsEncodings("gzip") === "gzip";
  if (gzip) res.setHeader("Content-Encoding", "gzip");
  res.end(pageBody(page, nonce, gzip));
}

/** A rendered page, whole. */
interface Rendered {
  response: globalThis.Response;
  body: Buffer;
}

function sendRendered(res: Response, { response, body }: Rendered) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers) res.append(name, value);
  res.end(body);
}

/** What the early hit check learnt, so the page handler reads the generation once per request. */
interface Looked {
  key: string;
  generation: string;
}
const LOOKED = "pageCacheLooked";

/**
 * Kept anonymous pages answered early, right after the security headers (the policy with this
 * response's nonce): a hit skips the rest of the chain; anything else goes on to remixPages.
 */
export function cachedPageHits({ store, generation }: Pick<PageCacheOptions, "store" | "generation">) {
  return asyncHandler(async (req, res, next) => {
    const key = isPagePath(req) ? anonymousPageKey(req) : null;
    if (key === null) return next();
    const current = await generation().catch(() => null);
    if (current === null) return next();
    const page = store.peek(current, key);
    if (page) return sendPage(req, res, page, String(res.locals.cspNonce), "hit");
    res.locals[LOOKED] = { key, generation: current } satisfies Looked;
    next();
  });
}

export function remixPages({ build, mode, getLoadContext, store, generation }: PageCacheOptions) {
  const remix = createExpressHandler({ build, mode, getLoadContext });
  const handle = createRequestHandler(build, mode);
  /** A GET page rendered whole (no body to forward, no stream: it is read to the end anyway). */
  const render = async (req: Request, res: Response): Promise<Rendered> => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
    }
    const request = new globalThis.Request(new URL(req.originalUrl, `${req.protocol}://${req.get("host") ?? "localhost"}`), { headers });
    const response = await handle(request, getLoadContext(req, res));
    return { response, body: Buffer.from(await response.arrayBuffer()) };
  };

  const pages = asyncHandler(async (req, res, next) => {
    const key = anonymousPageKey(req);
    if (key === null) {
      // Personal (or possibly so): rendered for this request only, kept by no cache on the way.
      res.setHeader("Cache-Control", "private, no-store");
      res.setHeader("Vary", "Cookie");
      return remix(req, res, next);
    }
    const looked = res.locals[LOOKED] as Looked | undefined;
    const current = looked?.key === key ? looked.generation : await generation().catch(() => null);
    if (current === null) return remix(req, res, next);
    const nonce = String(res.locals.cspNonce);
    let own: Rendered | undefined;
    const page = await store.get(current, key, async () => {
      own = await render(req, res);
      if (!storable(own.response)) return null;
      const headers = [...own.response.headers].filter(([name]) => !/^content-(?:length|encoding)$/i.test(name));
      return storePage(own.response.status, headers, own.body, nonce);
    });
    if (page) return sendPage(req, res, page, nonce, own ? "miss" : "hit");
    // Not keepable (an error page, a redirect), or waited for such a render: this request's own.
    sendRendered(res, own ?? (await render(req, res)));
  });

  return (req: Request, res: Response, next: NextFunction) => (isPagePath(req) ? pages(req, res, next) : remix(req, res, next));
}
