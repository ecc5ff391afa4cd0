import { protectedProcedure, publicProcedure, router } from "../../trpc/init.ts";
import { subscribeInput, unsubscribeInput } from "./schemas.ts";
import { pushStatus, subscribe, unsubscribe } from "./service.ts";

/** `push.*`: this browser's Web Push subscription (public/sw-push.js, imported by the service worker, shows what arrives). */
export const pushRouter = router({
  /** The key browsers subscribe with (PushManager.subscribe's applicationServerKey). */
  vapidPublicKey: publicProcedure.query(({ ctx }) => ({ publicKey: ctx.push.publicKey })),

  subscribe: protectedProcedure
    .input(subscribeInput)
    .mutation(({ ctx, input }) => subscribe(ctx, ctx.user.id, input, ctx.client.userAgent)),

  unsubscribe: protectedProcedure.input(unsubscribeInput).mutation(({ ctx, input }) => unsubscribe(ctx, ctx.user.id, input.endpoint)),

  /** How many browsers the caller receives pushes on. */
  status: protectedProcedure.query(({ ctx }) => pushStatus(ctx, ctx.user.id)),
});
