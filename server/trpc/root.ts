import { authRouter } from "../modules/auth/router.ts";
import { categoryRouter } from "../modules/category/router.ts";
import { reactionRouter } from "../modules/reaction/router.ts";
import { replyRouter } from "../modules/reply/router.ts";
import { threadRouter } from "../modules/thread/router.ts";
import { createCallerFactory, router } from "./init.ts";

/** The public API: one namespace per domain (SPEC §3.9). */
export const appRouter = router({
  auth: authRouter,
  category: categoryRouter,
  thread: threadRouter,
  reply: replyRouter,
  reaction: reactionRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);

/** A server-side caller bound to one request's context; what Remix loaders use. */
export type ServerCaller = ReturnType<typeof createCaller>;
