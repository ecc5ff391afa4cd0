import express, { type Request, type Router } from "express";
import {
  NOTIFICATION_PATH,
  SANDBOX_GATEWAY_PATH,
  SANDBOX_SERVER_KEY,
  handleNotification,
  isOpenSandboxOrder,
  paymentGatewayOf,
  paymentGatewayReason,
  type NotificationResult,
  type PaymentDeps,
} from "../modules/payment/service.ts";
import type { Runtime } from "../app-services.ts";
import { sandboxGatewayRouter } from "./sandbox-gateway.ts";
import { clientInfoOf } from "../trpc/context.ts";

/** What the gateway is answered for each outcome of a notification. */
const HTTP_STATUS_OF: Record<NotificationResult, number> = {
  ok: 200,
  ignored: 200,
  invalid: 400,
  refused: 403,
  unknown: 404,
  off: 503,
};

/**
 * The REST side of payments: the gateway's notification webhook, and (with PAYMENT_GATEWAY
 * sandbox, explicit or by default outside production) the built-in sandbox gateway. Mounted by
 * app.ts, once per process: it says at start who takes payments, or why nobody does.
 */
export function paymentHttpRoutes(
  platform: PaymentDeps & Pick<Runtime, "securityThrottle" | "publicOriginOf">,
): Router {
  const router: Router = express.Router();
  const mode = paymentGatewayOf(platform.env);
  const reason = paymentGatewayReason(platform.env);
  if (mode === "off") platform.logger.warn({ paymentGateway: mode }, reason);
  else platform.logger.info({ paymentGateway: mode }, reason);
  const deps = { prisma: platform.prisma, env: platform.env, logger: platform.logger, securityThrottle: platform.securityThrottle };
  router.post(NOTIFICATION_PATH, express.json({ limit: "64kb" }), async (req, res, next) => {
    try {
      const { outcome, message } = await handleNotification(deps, req.body, clientInfoOf(req.ip, (name) => req.get(name)));
      res.status(HTTP_STATUS_OF[outcome]).json({ status: outcome, message });
    } catch (error) {
      next(error);
    }
  });
  if (mode === "sandbox") {
    router.use(
      SANDBOX_GATEWAY_PATH,
      sandboxGatewayRouter({
        serverKey: SANDBOX_SERVER_KEY,
        notificationPath: NOTIFICATION_PATH,
        // By the one rule of server/platform/public-origin.ts, as every absolute URL.
        publicOrigin: (req: Request) => platform.publicOriginOf({ get: (name) => req.get(name) }),
        isOpenOrder: isOpenSandboxOrder,
        logger: platform.logger,
      }),
    );
  }
  return router;
}
