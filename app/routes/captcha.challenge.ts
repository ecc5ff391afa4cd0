import { json, type LoaderFunctionArgs } from "@remix-run/node";

/** A fresh ALTCHA challenge for the widget on the register, login and reset forms. */
export async function loader({ context }: LoaderFunctionArgs) {
  const challenge = await context.trpc.auth.captchaChallenge();
  if (!challenge) return new Response(null, { status: 404 });
  return json(challenge, { headers: { "Cache-Control": "no-store" } });
}
