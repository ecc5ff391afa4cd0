import { useEffect, useRef } from "react";
import * as m from "../../shared/paraglide/messages/_index.js";

/** Name of the form field carrying the CAPTCHA solution (the procedures' `captcha` input). */
export const CAPTCHA_FIELD = "captcha";

interface AltchaElement extends HTMLElement {
  reset(): void;
  verify(): Promise<void>;
}

/**
 * The self-hosted proof-of-work CAPTCHA (ALTCHA web component): it fetches a challenge, solves
 * it in the browser as soon as the page loads and puts the solution in a hidden field. Each
 * solution is accepted once, so a refused submission (`attempt` changes) solves a new one.
 */
export function CaptchaField({ enabled, attempt }: { enabled: boolean; attempt: unknown }) {
  const widget = useRef<AltchaElement>(null);
  const firstAttempt = useRef(attempt);

  useEffect(() => {
    // The widget registers itself as a custom element; only the browser needs its code.
    if (enabled) void import("altcha");
  }, [enabled]);

  useEffect(() => {
    if (!enabled || attempt === firstAttempt.current || !widget.current) return;
    widget.current.reset();
    void widget.current.verify();
  }, [enabled, attempt]);

  if (!enabled) return null;
  const strings = JSON.stringify({
    label: m.captcha_label(),
    verifying: m.captcha_verifying(),
    verified: m.captcha_verified(),
    error: m.captcha_error(),
    expired: m.captcha_expired(),
    waitAlert: m.captcha_waitAlert(),
  });
  return (
    <altcha-widget
      ref={widget}
      challengeurl="/captcha/challenge"
      name={CAPTCHA_FIELD}
      auto="onload"
      hidefooter
      hidelogo
      strings={strings}
    />
  );
}
