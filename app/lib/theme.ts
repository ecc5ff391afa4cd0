/**
 * Light/dark theme, Tailwind's `class` strategy. An explicit choice lives in a cookie so the
 * server renders the right class with no flash; without one, the system preference decides.
 */
export type Theme = "light" | "dark";

const COOKIE = "theme";

/** The header's colour in each theme (white, slate-900) for the browser's title bar, and the page's (slate-50) for the app's splash screen. */
export const APP_COLORS = { light: "#ffffff", dark: "#0f172a", background: "#f8fafc" } as const;
const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

export function themeFromCookie(cookieHeader: string | null): Theme | null {
  const match = cookieHeader?.match(/(?:^|;\s*)theme=(light|dark)(?:;|$)/);
  return (match?.[1] as Theme | undefined) ?? null;
}

/**
 * Inline script for pages rendered without a chosen theme: applies the system preference
 * before the first paint. A constant string, so it is safe to inline.
 */
export const systemThemeScript = `if(matchMedia("(prefers-color-scheme: dark)").matches)document.documentElement.classList.add("dark")`;

/** Flips the theme in the page and remembers the choice for the next server render. */
export function toggleTheme(): void {
  const next: Theme = document.documentElement.classList.toggle("dark") ? "dark" : "light";
  document.cookie = `${COOKIE}=${next}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax`;
}
