import { intlLocale, type Locale } from "./locale.ts";

// A fixed zone, so the server and the browser print the same text (no hydration mismatch).
const TIME_ZONE = "Asia/Jakarta";

/**
 * One formatter per locale, built on first use: building an Intl formatter costs far more than
 * using one (a topic page formats a date and numbers for each of its replies), and
 * `Number.prototype.toLocaleString` builds one on every call.
 */
function perLocale<Format>(build: (tag: string) => Format): (locale: Locale) => Format {
  const built = new Map<Locale, Format>();
  return (locale) => {
    let format = built.get(locale);
    if (!format) {
      format = build(intlLocale[locale]);
      built.set(locale, format);
    }
    return format;
  };
}

const dateTimeFormat = perLocale((tag) => new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short", timeZone: TIME_ZONE }));
const relativeFormat = perLocale((tag) => new Intl.RelativeTimeFormat(tag, { numeric: "auto" }));
const numberFormat = perLocale((tag) => new Intl.NumberFormat(tag));
const sizeFormats = [
  perLocale((tag) => new Intl.NumberFormat(tag, { maximumFractionDigits: 0 })),
  perLocale((tag) => new Intl.NumberFormat(tag, { maximumFractionDigits: 1 })),
] as const;

/** "7 Jan 2026, 17.00" in id-ID; loader data turns Dates into ISO strings, both are accepted. */
export function formatDateTime(value: string | Date, locale: Locale): string {
  return dateTimeFormat(locale).format(new Date(value));
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
];

/**
 * "5 menit yang lalu" up to a week before `now`, the date after that. `now` is the loader's
 * clock, so the server and the browser print the same text.
 */
export function formatRelative(value: string | Date, now: string | Date, locale: Locale): string {
  const format = relativeFormat(locale);
  // Under a minute is "now": counting seconds would only say how slow the page was.
  let amount = Math.max(0, (new Date(now).getTime() - new Date(value).getTime()) / 60_000);
  if (amount < 1) return format.format(0, "second");
  for (const [unit, size] of RELATIVE_STEPS) {
    if (amount < size) return format.format(-Math.floor(amount), unit);
    amount /= size;
  }
  return formatDateTime(value, locale);
}

export function formatNumber(value: number, locale: Locale): string {
  return numberFormat(locale).format(value);
}

const rupiahFormats = new Map<Locale, Intl.NumberFormat>();

/** "Rp 1.234.567" in id-ID, "Rp 1,234,567" in en-GB: whole rupiah, the way prices are set. */
export function formatRupiah(value: number, locale: Locale): string {
  let format = rupiahFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale[locale], {
      style: "currency",
      currency: "IDR",
      currencyDisplay: "narrowSymbol",
      minimumFractionDigits: 0,
      maximumFractionDigits: 0,
    });
    rupiahFormats.set(locale, format);
  }
  return format.format(value);
}

const FALLBACK_COLOR = "#64748b";

/** A category colour for a style attribute: only "#rgb" / "#rrggbb", whatever the database holds. */
export function safeColor(value: string): string {
  return /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(value) ? value : FALLBACK_COLOR;
}

const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB"] as const;

/**
 * "1,5 MB" in id-ID: sizes in steps of 1024, the way the server states its limits
 * ("maksimal 10 MB" for 10 × 1024 × 1024 bytes), so the page and its refusals agree.
 */
export function formatBytes(bytes: number, locale: Locale): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${sizeFormats[unit === 0 ? 0 : 1](locale).format(value)} ${BYTE_UNITS[unit]}`;
}
