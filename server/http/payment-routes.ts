import express, { type Request, type Router } from "express";
import {
  NOTIFICATION_PATH,
  publicOriginOf,
  SANDBOX_GATEWAY_PATH,
  SANDBOX_SERVER_KEY,
  handleNotification,
  isSandboxGateway,
  type PaymentDeps,
} from "../modules/payment/service.ts";
import { sandboxGatewayRouter } from "./sandbox-gateway.ts";

/**
 * The REST side of payments: the gateway's notification webhook, and (with no Midtrans server
 * key configured) the built-in sandbox gateway. Mounted by app.ts.
 */
export function paymentHttpRoutes(platform: PaymentDeps): Router {
  const router: Router = express.Router();
  router.post(NOTIFICATION_PATH, express.json({ limit: "64kb" }), async (req, res, next) => {
    try {
      const outcome = await handleNotification(platform, req.body, {
        ipAddress: req.ip ?? null,
        userAgent: req.get("user-agent") ?? null,
      });
      res.status(outcome.httpStatus).json(outcome.body);
    } catch (error) {
      next(error);
    }
  });
  if (isSandboxGateway(platform.env)) {
    router.use(
      SANDBOX_GATEWAY_PATH,
      sandboxGatewayRouter({
        serverKey: SANDBOX_SERVER_KEY,
        notificationPath: NOTIFICATION_PATH,
        // The scheme as Express read it: X-Forwarded-Proto only from a proxy TRUST_PROXY names.
        publicOrigin: (req: Request) =>
          publicOriginOf(platform.env, { get: (name) => (name.toLowerCase() === "x-forwarded-proto" ? req.protocol : req.get(name)) }),
        logger: platform.logger,
      }),
    );
  }
  return router;
}
