import { redirect, type ActionFunctionArgs } from "@remix-run/node";

/** Admin sign-out is a POST (a prefetch must not sign anyone out); a GET goes to the sign-in. */
export function loader() {
  return redirect("/admin/masuk");
}

export async function action({ context }: ActionFunctionArgs) {
  await context.trpc.admin.auth.signOut();
  return redirect("/admin/masuk?keluar=1");
}
