import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { threadPath } from "~/components/thread-list.tsx";
import { orErrorResponse, parseIdParam } from "~/lib/loader.server.ts";

/** `/t/<id>` (a short link) moves to the thread's canonical `/t/<id>/<slug>`. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const thread = await orErrorResponse(context.trpc.thread.byId({ id: parseIdParam(params.id) }));
  throw redirect(threadPath(thread), 301);
}
