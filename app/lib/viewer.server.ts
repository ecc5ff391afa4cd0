import { redirect } from "@remix-run/node";
import type { ServerCaller } from "../../server/trpc/root.ts";
import { withRedirect } from "./redirect-path.ts";

/** The signed-in member of a page's request, or a redirect to sign in and come back. */
export async function requireMember(trpc: ServerCaller, request: Request) {
  const user = await trpc.auth.me();
  if (!user) {
    const url = new URL(request.url);
    throw redirect(withRedirect("/masuk", `${url.pathname}${url.search}`));
  }
  return user;
}
