import { useLocation } from "@remix-run/react";
import { Languages } from "lucide-react";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";
import type { Locale } from "~/lib/locale.ts";

/** Each language by its own name, whatever the page's language (and marked up as such). */
const OTHER: Record<Locale, { locale: Locale; name: string; short: string }> = {
  id: { locale: "en", name: "English", short: "EN" },
  en: { locale: "id", name: "Bahasa Indonesia", short: "ID" },
};

/**
 * The language switch: a plain form posted to /bahasa, which remembers the choice (a cookie, and
 * the member's account) and sends the browser back here. A whole new document, never a client
 * navigation: every text on the page, the <html lang> and the messages' language change together.
 */
export function LocaleSwitch({ layout }: { layout: "bar" | "menu" | "settings" }) {
  const locale = useLocale();
  const location = useLocation();
  const other = OTHER[locale];
  const label = m.locale_switchTo({ language: other.name });
  return (
    <form method="post" action="/bahasa" className={layout === "bar" ? "hidden lg:block" : undefined}>
      <input type="hidden" name="locale" value={other.locale} />
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      {layout === "bar" ? (
        <button
          type="submit"
          aria-label={label}
          title={label}
          className="flex items-center gap-1 rounded-md p-2 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"
        >
          <Languages aria-hidden="true" className="h-5 w-5" />
          <span aria-hidden="true">{other.short}</span>
        </button>
      ) : (
        <button
          type="submit"
          aria-label={label}
          className={
            layout === "menu"
              ? "flex w-full items-center gap-2 rounded-md px-3 py-2 text-left text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
              : "inline-flex items-center gap-2 rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
          }
        >
          <Languages aria-hidden="true" className="h-4 w-4" />
          <span lang={other.locale}>{other.name}</span>
        </button>
      )}
    </form>
  );
}
