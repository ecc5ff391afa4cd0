import { authRouter } from "../modules/auth/router.ts";
import { categoryRouter } from "../modules/category/router.ts";
import { chatRouter } from "../modules/chat/router.ts";
import { paymentRouter } from "../modules/payment/router.ts";
import { reactionRouter } from "../modules/reaction/router.ts";
import { replyRouter } from "../modules/reply/router.ts";
import { threadRouter } from "../modules/thread/router.ts";
import { userRouter } from "../modules/user/router.ts";
import { walletRouter } from "../modules/wallet/router.ts";
import { createCallerFactory, router } from "./init.ts";

/** The public API: one namespace per domain (README, "For developers"). */
export const appRouter = router({
  auth: authRouter,
  user: userRouter,
  category: categoryRouter,
  thread: threadRouter,
  reply: replyRouter,
  reaction: reactionRouter,
  chat: chatRouter,
  wallet: walletRouter,
  payment: paymentRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);

/** A server-side caller bound to one request's context; what Remix loaders use. */
export type ServerCaller = ReturnType<typeof createCaller>;
