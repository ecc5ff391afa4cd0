import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { overwriteGetLocale } from "../shared/paraglide/runtime.js";
import { DEFAULT_LOCALE, isLocale } from "../shared/locale.ts";

// The page's language is the one the server rendered it in: hydration then prints the same text,
// and a new choice arrives with a new document (app/routes/bahasa.tsx).
overwriteGetLocale(() => {
  const lang = document.documentElement.lang;
  return isLocale(lang) ? lang : DEFAULT_LOCALE;
});

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
