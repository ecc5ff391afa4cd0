import { intlLocale, type Locale } from "./i18n.ts";

// A fixed zone, so the server and the browser print the same text (no hydration mismatch).
const TIME_ZONE = "Asia/Jakarta";

const dateTimeFormats = new Map<Locale, Intl.DateTimeFormat>();

/** "7 Jan 2026, 17.00" in id-ID; loader data turns Dates into ISO strings, both are accepted. */
export function formatDateTime(value: string | Date, locale: Locale): string {
  let format = dateTimeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale[locale], {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: TIME_ZONE,
    });
    dateTimeFormats.set(locale, format);
  }
  return format.format(new Date(value));
}

export function formatNumber(value: number, locale: Locale): string {
  return value.toLocaleString(intlLocale[locale]);
}

const FALLBACK_COLOR = "#64748b";

/** A category colour for a style attribute: only "#rgb" / "#rrggbb", whatever the database holds. */
export function safeColor(value: string): string {
  return /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(value) ? value : FALLBACK_COLOR;
}
