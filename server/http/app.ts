import * as m from "../../shared/paraglide/messages/_index.js";
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import compression from "compression";
import express, { type Request, type Response } from "express";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import type { Runtime } from "../app-services.ts";
import { isInfrastructureError, OUTAGE_RETRY_AFTER_SECONDS } from "../platform/outage.ts";
import {
  requestContextFromHeaders,
  runWithRequestContext,
  traceparentOf,
} from "../platform/request-context.ts";
import { createContext } from "../trpc/context.ts";
import { requestMeta } from "./request-meta.ts";
import { outageMessageOf, outageRetryAfter, toTRPCError } from "../trpc/errors.ts";
import { appRouter, createCaller } from "../trpc/root.ts";
import { csrfProtection } from "./csrf.ts";
import { documentHttpRoutes } from "./document-routes.ts";
import { liveHttpRoutes } from "./live-routes.ts";
import { paymentHttpRoutes } from "./payment-routes.ts";
import { restHttpRoutes } from "./rest.ts";
import { seoHttpRoutes } from "./seo-routes.ts";
import { checkReadiness, type DependencyCheck } from "./health.ts";
import { MAX_TRPC_BATCH } from "../../shared/request-limits.ts";
import { batchLimit, bodyLimit, MAX_REQUEST_BODY_BYTES } from "./limits.ts";
import { publicMetricsHandler } from "./metrics-access.ts";
import { procedureLabeller, routeLabeller } from "./route-label.ts";
import { asyncHandler } from "./async-handler.ts";
import { cachedPageHits, remixPages } from "./page-cache.ts";
import { createPageStore } from "../platform/page-cache.ts";
import { forumReadsGeneration } from "../modules/forum-cache.ts";

export interface HttpAppOptions {
  /** The platform and module singletons, built once by createRuntime (server/app-services.ts). */
  runtime: Runtime;
  build: ServerBuild;
  readinessChecks: DependencyCheck[];
  /** Folder holding favicon, manifest and the Remix assets under build/. */
  publicDir: string;
}

/**
 * A request as its log line shows it: without the query string or its parsed `query` (reset and
 * verification links carry their token there) and without the Referer that repeats it on the next request.
 */
function withoutSecrets(req: { url?: string; query?: unknown; headers?: Record<string, unknown> }) {
  const { query: _query, ...rest } = req;
  const { referer: _referer, ...headers } = req.headers ?? {};
  return { ...rest, url: req.url?.split("?")[0], headers };
}

export function createHttpApp({ runtime, build, readinessChecks, publicDir }: HttpAppOptions) {
  const { logger, metrics, env } = runtime;
  const app = express();
  app.disable("x-powered-by");
  // X-Forwarded-* only from the proxies TRUST_PROXY names; unset, req.ip is the socket's address.
  app.set("trust proxy", env.TRUST_PROXY ?? false);

  const procedureNames = Object.keys(appRouter._def.procedures);
  const labelRoute = routeLabeller(build, procedureNames);
  const labelProcedures = procedureLabeller(procedureNames);

  // Request id + trace context first, so every later line of this request carries them.
  app.use((req, res, next) => {
    const context = requestContextFromHeaders({
      requestId: req.get("x-request-id"),
      traceparent: req.get("traceparent"),
      cookie: req.get("cookie"),
      acceptLanguage: req.get("accept-language"),
    });
    req.id = context.requestId;
    res.setHeader("X-Request-Id", context.requestId);
    res.setHeader("traceparent", traceparentOf(context));
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      metrics.observeRequest(
        { method: req.method, route: labelRoute(req), status: res.statusCode },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
      metrics.countTrpcCalls(labelProcedures(req));
    });
    runWithRequestContext(context, next);
  });

  app.use(
    pinoHttp({
      logger,
      genReqId: (req) => req.id,
      // Probes and assets would drown the log; errors are logged whatever the path.
      autoLogging: { ignore: (req) => /^\/(?:healthz|readyz|metrics|build\/|favicon)/.test(req.url ?? "") },
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info",
      quietReqLogger: true,
      serializers: { req: withoutSecrets },
    }),
  );

  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          "default-src": ["'self'"],
          "script-src": [
            "'strict-dynamic'",
            (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`,
          ],
          "style-src": ["'self'", "'unsafe-inline'"],
          // Only what the site serves (and data: QR codes): member image URLs render as links.
          "img-src": ["'self'", "data:"],
          "connect-src": ["'self'"],
          // The CAPTCHA widget solves its proof of work in a worker it creates from a blob.
          "worker-src": ["'self'", "blob:"],
          "upgrade-insecure-requests": env.NODE_ENV === "production" && env.APP_URL?.startsWith("https:") ? [] : null,
        },
      },
      // Same-origin pages embed nothing cross-origin that would need COEP.
      crossOriginEmbedderPolicy: false,
      // "no-referrer" would make browsers send `Origin: null` on plain form posts, which the
      // CSRF check must refuse; same-origin keeps referrers private to other sites.
      referrerPolicy: { policy: "same-origin" },
      strictTransportSecurity: env.APP_URL?.startsWith("https:") ?? false,
    }),
  );
  // Anonymous pages under the forum reads' generation (every page-changing write moves it on):
  // kept ones are answered here, the rest rendered by the Remix handler at the end.
  const pageStore = createPageStore();
  const pageGeneration = () => forumReadsGeneration(runtime.cache);
  app.use(cachedPageHits({ store: pageStore, generation: pageGeneration }));
  // Live updates (SSE) before compression, which would hold the stream in its buffer.
  app.use(liveHttpRoutes(runtime));
  app.use(
    compression({
      // A streamed tRPC answer (Aleph) must reach the browser piece by piece, not when gzip's buffer fills.
      filter: (req, res) => req.headers["trpc-accept"] !== "application/jsonl" && compression.filter(req, res),
    }),
  );

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok", uptimeSeconds: Math.round(process.uptime()) });
  });

  app.get("/readyz", asyncHandler(async (_req, res) => {
    const report = await checkReadiness(readinessChecks, env.READINESS_TIMEOUT_MS);
    const failing = Object.entries(report.checks)
      .filter(([, result]) => !result.ok)
      .map(([name]) => name);
    res
      .status(report.ok ? 200 : 503)
      .json({ status: report.ok ? "ready" : `not ready: ${failing.join(", ")} unavailable`, ...report });
  }));

  app.get("/metrics", publicMetricsHandler(metrics, env.METRICS_TOKEN));

  const csrf = csrfProtection({ appUrl: env.APP_URL });
  // Uploads and downloads of documents: before the body limit, as an upload streams under its
  // own (DOCUMENT_MAX_BYTES); the upload route runs the CSRF check itself.
  app.use(documentHttpRoutes(runtime, csrf));

  // Before anything reads a body: tRPC calls and Remix form posts alike.
  app.use(bodyLimit());
  app.use(csrf);

  // The payment gateway's notification webhook (REST) and the built-in sandbox gateway.
  app.use(paymentHttpRoutes(runtime));

  // REST (/api/v1) from the same procedures, its OpenAPI document and reference page.
  app.use(restHttpRoutes(runtime));

  app.use(
    "/api/trpc",
    batchLimit(),
    createExpressMiddleware({
      router: appRouter,
      // Backstops of bodyLimit/batchLimit, which answer first with a message.
      maxBodySize: MAX_REQUEST_BODY_BYTES,
      maxBatchSize: MAX_TRPC_BATCH,
      // Reading the session needs PostgreSQL: while it is down that is a 503 too, not a 500.
      createContext: ({ req, res }) =>
        createContext(runtime, requestMeta(req, res)).catch((error: unknown) => {
          throw toTRPCError(error);
        }),
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR") logger.error({ err: error, path }, "tRPC procedure failed");
        if (error.code === "SERVICE_UNAVAILABLE") logger.warn({ err: error.cause ?? error, path }, "tRPC procedure met an outage");
      },
      responseMeta: ({ errors }) => {
        const retryAfter = outageRetryAfter(errors);
        return retryAfter ? { headers: new Headers({ "Retry-After": retryAfter }) } : {};
      },
    }),
  );

  // Admin pages (the sign-in and setup link too) are never stored by a browser or proxy, nor indexed.
  app.use("/admin", (_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("X-Robots-Tag", "noindex, nofollow");
    next();
  });

  // robots.txt, the sitemap and the feeds, before public/ (no file there may shadow them).
  app.use(seoHttpRoutes(runtime));

  // Fingerprinted Remix assets never change; everything else in public/ may.
  app.use("/build", express.static(`${publicDir}/build`, { immutable: true, maxAge: "1y" }));
  // Browsers ask for /favicon.ico whatever the page links; the icon is an SVG.
  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
  // Only paths that look like files reach the disk: page requests skip a stat() each.
  // The service worker and the push handling it imports must reach browsers as soon as they change (a
  // stale one keeps old caching rules and old push handling); Workbox's own files sit in a versioned folder.
  const serviceWorkerFiles = new Set(["sw.js", "sw-push.js"].map((file) => path.resolve(publicDir, file)));
  const publicFiles = express.static(publicDir, {
    maxAge: "1h",
    setHeaders: (res, file) => {
      if (serviceWorkerFiles.has(path.resolve(file))) res.setHeader("Cache-Control", "no-cache");
    },
  });
  app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));

  app.all(
    "*",
    remixPages({
      build,
      mode: env.NODE_ENV === "production" ? "production" : "development",
      store: pageStore,
      generation: pageGeneration,
      getLoadContext: (req, res) => {
        // Started now, awaited by the first procedure a loader calls: a database that is down
        // then fails that call (answered below), not the whole request with a bare 500.
        const context = createContext(runtime, requestMeta(req, res));
        context.catch(() => {});
        return {
          trpc: createCaller(() => context, {
            // An outage becomes a thrown 503 Response: the root ErrorBoundary renders the friendly
            // page with that status (on the server and after hydration), and the page says when to retry.
            onError({ error }) {
              const message = outageMessageOf(error);
              if (message === null) return;
              res.setHeader("Retry-After", String(OUTAGE_RETRY_AFTER_SECONDS));
              throw new Response(message, { status: 503, statusText: "Service Unavailable" });
            },
          }),
          cspNonce: res.locals.cspNonce as string,
          requestId: String(req.id),
          // Absolute URLs in pages (canonical, og:url) by the one rule, never from the Host header.
          publicOrigin: runtime.publicOriginOf({ get: (name) => req.get(name) }),
        };
      },
    }),
  );

  // Last resort for every other route (payment webhook, ...): an outage is a 503, never a bare 500.
  app.use((error: unknown, _req: Request, res: Response, next: express.NextFunction) => {
    if (res.headersSent || !isInfrastructureError(error)) return next(error);
    logger.warn({ err: error }, "request met an outage");
    res.status(503).setHeader("Retry-After", String(OUTAGE_RETRY_AFTER_SECONDS));
    res.type("text/plain; charset=utf-8").send(m.error_serviceUnavailable());
  });

  return app;
}
