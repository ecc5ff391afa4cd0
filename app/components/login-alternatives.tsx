import { PasskeyLoginButton } from "~/components/passkey-login-button.tsx";
import * as m from "../../shared/paraglide/messages/_index.js";

/**
 * Other ways to sign in, shown under the password form of /masuk: a passkey. `redirectTo` is
 * where a successful sign-in should go.
 */
export function LoginAlternatives({ redirectTo }: { redirectTo: string | null }) {
  return (
    <section aria-labelledby="login-alternatives" className="mt-6 border-t border-slate-200 pt-6 dark:border-slate-800">
      <h2 id="login-alternatives" className="sr-only">
        {m.login_otherMethods()}
      </h2>
      <PasskeyLoginButton redirectTo={redirectTo} />
    </section>
  );
}
