/**
 * The interface languages and how a request's language is chosen (docs/decisions/0011): a choice
 * made with the language switch (the `locale` cookie) wins; without one, Accept-Language decides
 * between English (any en-*) and Indonesian; anything else, or nothing, is Indonesian.
 */
export const LOCALES = ["id", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "id";
export const LOCALE_COOKIE = "locale";
export const LOCALE_COOKIE_MAX_AGE_SECONDS = 60 * 60 * 24 * 365;

/** BCP 47 tag of a locale, for Intl formatters. */
export const intlLocale: Record<Locale, string> = { id: "id-ID", en: "en-GB" };

export function isLocale(value: unknown): value is Locale {
  return (LOCALES as readonly unknown[]).includes(value);
}

/** The `locale` cookie's value when it names a language of ours. */
export function localeFromCookie(cookieHeader: string | null | undefined): Locale | null {
  const value = /(?:^|;\s*)locale=([a-z]{2})(?:;|$)/.exec(cookieHeader ?? "")?.[1];
  return isLocale(value) ? value : null;
}

// Longer headers are not a browser's: only the first entries count.
const MAX_LANGUAGE_RANGES = 20;

/**
 * The best of our languages by the header's q-values ("en-US,en;q=0.9,id;q=0.8" → en); a tie
 * goes to the earlier entry, q=0 means "not this one", and a header naming neither language
 * (or a malformed one) gives Indonesian.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  let best: { locale: Locale; q: number } | null = null;
  for (const range of (acceptLanguage ?? "").slice(0, 1_000).split(",").slice(0, MAX_LANGUAGE_RANGES)) {
    const [tag = "", ...params] = range.trim().toLowerCase().split(";");
    const language = tag.trim().split("-")[0];
    if (!isLocale(language)) continue;
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    if (!best || q > best.q) best = { locale: language, q };
  }
  return best?.locale ?? DEFAULT_LOCALE;
}

/** A request's language: the remembered choice, else the browser's preference. */
export function resolveLocale(headers: { cookie?: string | null; acceptLanguage?: string | null }): Locale {
  return localeFromCookie(headers.cookie) ?? negotiateLocale(headers.acceptLanguage);
}

/** The Set-Cookie value remembering a choice for a year. */
export function localeCookie(locale: Locale): string {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${LOCALE_COOKIE_MAX_AGE_SECONDS}; SameSite=Lax`;
}

const REQUEST_LOCALE = Symbol.for("alephdraad.requestLocale");
type RequestLocaleHolder = { [REQUEST_LOCALE]?: () => Locale | undefined };

/**
 * Server only: the HTTP server's request context tells the Remix build (its own bundle, which
 * cannot import server/) the language of the request being served.
 */
export function provideRequestLocale(read: () => Locale | undefined): void {
  (globalThis as RequestLocaleHolder)[REQUEST_LOCALE] = read;
}

/** The language of the request being served (the default outside one). */
export function requestLocale(): Locale {
  return (globalThis as RequestLocaleHolder)[REQUEST_LOCALE]?.() ?? DEFAULT_LOCALE;
}
