import { browserSupportsWebAuthn, startAuthentication } from "@simplewebauthn/browser";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { FormAlert, secondaryButtonClass } from "~/components/form-fields.tsx";
import { clientErrorMessage } from "~/lib/client-error.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { safeRedirectPath } from "~/lib/redirect-path.ts";
import { useTRPC, withApi } from "~/lib/trpc.tsx";

/** "Masuk dengan passkey": usernameless sign-in, the browser offers the passkeys it holds. */
function PasskeyLoginButtonInner({ redirectTo }: { redirectTo: string | null }) {
  const trpc = useTRPC();
  const options = useMutation(trpc.auth.passkey.loginOptions.mutationOptions());
  const verify = useMutation(trpc.auth.passkey.loginVerify.mutationOptions());
  const [supported, setSupported] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setSupported(browserSupportsWebAuthn()), []);

  async function signIn() {
    setError(null);
    setBusy(true);
    try {
      const optionsJSON = await options.mutateAsync();
      const response = await startAuthentication({ optionsJSON });
      await verify.mutateAsync({ response });
      // A full load, so every loader (header included) sees the new session cookie.
      window.location.assign(safeRedirectPath(redirectTo));
    } catch (failure) {
      setError(clientErrorMessage(failure));
      setBusy(false);
    }
  }

  if (!supported) return <p className="text-sm text-slate-500 dark:text-slate-400">{m.passkey_unsupported()}</p>;
  return (
    <div className="space-y-2">
      {error && <FormAlert>{error}</FormAlert>}
      <button type="button" onClick={signIn} disabled={busy} className={`${secondaryButtonClass} w-full py-2`}>
        {busy ? m.form_submitting() : m.passkey_signIn()}
      </button>
      <p className="text-xs text-slate-500 dark:text-slate-400">{m.passkey_signInHint()}</p>
    </div>
  );
}

/** With the API hooks' context: the pages around it do not need it. */
export const PasskeyLoginButton = withApi(PasskeyLoginButtonInner);
