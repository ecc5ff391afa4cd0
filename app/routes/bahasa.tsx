import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { safeRedirectPath } from "~/lib/redirect-path.ts";
import { isLocale, localeCookie } from "../../shared/locale.ts";

/** The language switch posts here (app/components/locale-switch.tsx); a GET just goes home. */
export function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get("locale");
  const back = safeRedirectPath(String(form.get("redirectTo") ?? ""));
  if (!isLocale(locale)) return redirect(back);
  // A member's choice follows them to every device and into the mail they are sent.
  if (await context.trpc.auth.me()) await context.trpc.user.setLocale({ locale });
  return redirect(back, { headers: { "Set-Cookie": localeCookie(locale) } });
}
