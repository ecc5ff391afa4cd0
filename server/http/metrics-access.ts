import { createHash, timingSafeEqual } from "node:crypto";
import express, { type Request, type Response } from "express";
import { bearerTokenOf } from "../modules/access-token/service.ts";
import type { Metrics } from "../platform/metrics.ts";
import { asyncHandler } from "./async-handler.ts";
import * as m from "../../shared/paraglide/messages/_index.js";

async function sendMetrics(metrics: Metrics, res: Response) {
  res.setHeader("Content-Type", metrics.registry.contentType);
  res.send(await metrics.registry.metrics());
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * GET /metrics on the public port: only for `Authorization: Bearer <METRICS_TOKEN>`, compared in
 * constant time; without a configured token it is not served there at all (404).
 */
export function publicMetricsHandler(metrics: Metrics, token: string | undefined) {
  const expected = token === undefined ? undefined : digest(token);
  return asyncHandler(async (req: Request, res: Response) => {
    if (!expected) return res.status(404).type("text/plain; charset=utf-8").send(m.error_http_notFound());
    const presented = bearerTokenOf(req.get("authorization"));
    if (!presented || !timingSafeEqual(digest(presented), expected)) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="metrics"');
      return res.status(401).type("text/plain; charset=utf-8").send(m.error_http_metricsToken());
    }
    await sendMetrics(metrics, res);
  });
}

/** The METRICS_PORT listener: /metrics only, without a token; who reaches it is set by METRICS_HOST. */
export function createMetricsApp(metrics: Metrics) {
  const app = express();
  app.disable("x-powered-by");
  app.get("/metrics", asyncHandler(async (_req, res) => sendMetrics(metrics, res)));
  app.use((_req, res) => res.status(404).type("text/plain; charset=utf-8").send(m.error_http_notFound()));
  return app;
}
