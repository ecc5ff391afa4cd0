import { PasskeyLoginButton } from "~/components/passkey-login-button.tsx";
import { useT } from "~/lib/i18n.ts";

/**
 * Other ways to sign in, shown under the password form of /masuk: a passkey. `redirectTo` is
 * where a successful sign-in should go.
 */
export function LoginAlternatives({ redirectTo }: { redirectTo: string | null }) {
  const t = useT();
  return (
    <section aria-labelledby="login-alternatives" className="mt-6 border-t border-slate-200 pt-6 dark:border-slate-800">
      <h2 id="login-alternatives" className="sr-only">
        {t("login.otherMethods")}
      </h2>
      <PasskeyLoginButton redirectTo={redirectTo} />
    </section>
  );
}
