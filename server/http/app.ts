import { randomBytes } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import compression from "compression";
import express, { type Request, type Response } from "express";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import type { Platform } from "../platform/platform.ts";
import {
  requestContextFromHeaders,
  runWithRequestContext,
  traceparentOf,
} from "../platform/request-context.ts";
import { publicOriginString } from "../platform/public-origin.ts";
import { createContext, type RequestMeta } from "../trpc/context.ts";
import { appRouter, createCaller } from "../trpc/root.ts";
import { csrfProtection } from "./csrf.ts";
import { paymentHttpRoutes } from "./payment-routes.ts";
import { checkReadiness, type DependencyCheck } from "./health.ts";
import { routeLabeller } from "./route-label.ts";

export interface HttpAppOptions {
  platform: Platform;
  build: ServerBuild;
  readinessChecks: DependencyCheck[];
  /** Folder holding favicon, manifest and the Remix assets under build/. */
  publicDir: string;
}

function requestMeta(req: Request, res: Response): RequestMeta {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(key, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(key, item);
  }
  return {
    headers,
    ip: req.ip ?? null,
    requestId: String(req.id),
    // Appended, not set: the Remix adapter appends its own headers after a loader ran.
    setCookie: (serialized) => res.append("Set-Cookie", serialized),
    setHeader: (name, value) => res.setHeader(name, value),
  };
}

export function createHttpApp({ platform, build, readinessChecks, publicDir }: HttpAppOptions) {
  const { logger, metrics, env } = platform;
  const app = express();
  app.disable("x-powered-by");
  // One reverse proxy in front in production; its X-Forwarded-For names the client.
  app.set("trust proxy", 1);

  const labelRoute = routeLabeller(build);

  // Request id + trace context first, so every later line of this request carries them.
  app.use((req, res, next) => {
    const context = requestContextFromHeaders({
      requestId: req.get("x-request-id"),
      traceparent: req.get("traceparent"),
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
    });
    runWithRequestContext(context, next);
  });

  app.use(
    pinoHttp({
      logger,
      genReqId: (req) => req.id,
      // Probes and assets would drown the log; errors are logged whatever the path.
      autoLogging: { ignore: (req) => /^\/(healthz|readyz|metrics|build\/|favicon)/.test(req.url ?? "") },
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info",
      quietReqLogger: true,
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
          "img-src": ["'self'", "data:", "https:"],
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
  app.use(
    compression({
      // A streamed tRPC answer (Aleph) must reach the browser piece by piece, not when gzip's buffer fills.
      filter: (req, res) => req.headers["trpc-accept"] !== "application/jsonl" && compression.filter(req, res),
    }),
  );

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok", uptimeSeconds: Math.round(process.uptime()) });
  });

  app.get("/readyz", async (_req, res) => {
    const report = await checkReadiness(readinessChecks, env.READINESS_TIMEOUT_MS);
    const failing = Object.entries(report.checks)
      .filter(([, result]) => !result.ok)
      .map(([name]) => name);
    res
      .status(report.ok ? 200 : 503)
      .json({ status: report.ok ? "ready" : `not ready: ${failing.join(", ")} unavailable`, ...report });
  });

  app.get("/metrics", async (_req, res) => {
    res.setHeader("Content-Type", metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });

  app.use(csrfProtection({ appUrl: env.APP_URL }));

  // The payment gateway's notification webhook (REST) and the built-in sandbox gateway.
  app.use(paymentHttpRoutes(platform));

  app.use(
    "/api/trpc",
    createExpressMiddleware({
      router: appRouter,
      createContext: ({ req, res }) => createContext(platform, requestMeta(req, res)),
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR") logger.error({ err: error, path }, "tRPC procedure failed");
      },
    }),
  );

  // Fingerprinted Remix assets never change; everything else in public/ may.
  app.use("/build", express.static(`${publicDir}/build`, { immutable: true, maxAge: "1y" }));
  // Browsers ask for /favicon.ico whatever the page links; the icon is an SVG.
  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
  // Only paths that look like files reach the disk: page requests skip a stat() each.
  const publicFiles = express.static(publicDir, { maxAge: "1h" });
  app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV === "production" ? "production" : "development",
      getLoadContext: async (req, res) => ({
        trpc: createCaller(await createContext(platform, requestMeta(req, res))),
        cspNonce: res.locals.cspNonce as string,
        requestId: String(req.id),
        // Absolute URLs in pages (canonical, og:url) by the one rule, never from the Host header.
        publicOrigin: publicOriginString(platform.env, { get: (name) => req.get(name) }),
      }),
    }),
  );

  return app;
}
