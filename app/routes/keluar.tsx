import { redirect, type ActionFunctionArgs } from "@remix-run/node";

/** Sign-out is a POST (a link could be followed by a prefetch); a GET just goes home. */
export function loader() {
  return redirect("/");
}

export async function action({ context }: ActionFunctionArgs) {
  // Also ends a session still waiting for its second factor (auth.me() is null for it).
  await context.trpc.auth.logout();
  return redirect("/");
}
