import { adminProcedure, protectedProcedure, router } from "../../trpc/init.ts";
import { EVENTS_OF_SCOPE } from "./events.ts";
import { createEndpointInput, deliveriesInput, deliveryIdInput, endpointIdInput, updateEndpointInput } from "./schemas.ts";
import {
  createEndpoint,
  deleteEndpoint,
  listDeliveries,
  listEndpoints,
  redeliver,
  rotateSecret,
  updateEndpoint,
  type WebhookOwner,
} from "./service.ts";

const member = (ctx: { user: { id: number } }): WebhookOwner => ({ scope: "member", userId: ctx.user.id });
const forum = (ctx: { admin: { id: number; email: string; username: string } }): WebhookOwner => ({ scope: "forum", admin: ctx.admin });

/** `webhook.*`: a member's endpoints for their own events, and their deliveries. */
export const webhookRouter = router({
  /** The event types a member's endpoint can receive. */
  events: protectedProcedure.query(() => EVENTS_OF_SCOPE.member),
  list: protectedProcedure.query(({ ctx }) => listEndpoints(ctx, member(ctx))),
  create: protectedProcedure.input(createEndpointInput).mutation(({ ctx, input }) => createEndpoint(ctx, member(ctx), input)),
  update: protectedProcedure.input(updateEndpointInput).mutation(({ ctx, input }) => updateEndpoint(ctx, member(ctx), input)),
  delete: protectedProcedure.input(endpointIdInput).mutation(({ ctx, input }) => deleteEndpoint(ctx, member(ctx), input.id)),
  rotateSecret: protectedProcedure.input(endpointIdInput).mutation(({ ctx, input }) => rotateSecret(ctx, member(ctx), input.id)),
  deliveries: protectedProcedure.input(deliveriesInput).query(({ ctx, input }) => listDeliveries(ctx, member(ctx), input)),
  redeliver: protectedProcedure.input(deliveryIdInput).mutation(({ ctx, input }) => redeliver(ctx, member(ctx), input.id)),
});

/** `admin.webhooks.*`: the forum's endpoints (every forum event), each change in the staff log. */
export const webhookAdminRouter = router({
  events: adminProcedure.query(() => EVENTS_OF_SCOPE.forum),
  list: adminProcedure.query(({ ctx }) => listEndpoints(ctx, forum(ctx))),
  create: adminProcedure.input(createEndpointInput).mutation(({ ctx, input }) => createEndpoint(ctx, forum(ctx), input)),
  update: adminProcedure.input(updateEndpointInput).mutation(({ ctx, input }) => updateEndpoint(ctx, forum(ctx), input)),
  delete: adminProcedure.input(endpointIdInput).mutation(({ ctx, input }) => deleteEndpoint(ctx, forum(ctx), input.id)),
  rotateSecret: adminProcedure.input(endpointIdInput).mutation(({ ctx, input }) => rotateSecret(ctx, forum(ctx), input.id)),
  deliveries: adminProcedure.input(deliveriesInput).query(({ ctx, input }) => listDeliveries(ctx, forum(ctx), input)),
  redeliver: adminProcedure.input(deliveryIdInput).mutation(({ ctx, input }) => redeliver(ctx, forum(ctx), input.id)),
});
