import { Link, NavLink } from "@remix-run/react";
import { useT } from "~/lib/i18n.ts";
import { toggleTheme } from "~/lib/theme.ts";
import { AccountNav, UnverifiedEmailNotice } from "./account-nav.tsx";

const navLinkClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-3 py-2 text-sm font-medium transition-colors ${
    isActive
      ? "bg-brand-50 text-brand-700 dark:bg-brand-500/15 dark:text-brand-200"
      : "text-slate-700 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"
  }`;

function ThemeToggle() {
  const t = useT();
  // Which icon shows is decided by CSS from the <html> class, so the server never has to guess.
  return (
    <button
      type="button"
      onClick={toggleTheme}
      aria-label={t("theme.toggle")}
      title={t("theme.toggle")}
      className="rounded-md p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5 dark:hidden" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z" />
      </svg>
      <svg aria-hidden="true" viewBox="0 0 24 24" className="hidden h-5 w-5 dark:block" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <circle cx="12" cy="12" r="4" />
        <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
      </svg>
    </button>
  );
}

export function SiteHeader() {
  const t = useT();
  return (
    <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
      <div className="mx-auto flex h-14 max-w-5xl items-center gap-2 px-4">
        <Link to="/" className="flex items-center gap-2 text-lg font-bold tracking-tight text-slate-900 dark:text-white">
          <span aria-hidden="true" className="grid h-8 w-8 place-items-center rounded-lg bg-brand-600 font-serif text-white">
            ℵ
          </span>
          <span>{t("site.name")}</span>
        </Link>
        <nav aria-label={t("nav.main")} className="ml-auto flex min-w-0 items-center gap-1 overflow-x-auto">
          <NavLink to="/" end className={navLinkClass}>
            {t("nav.home")}
          </NavLink>
          <Link to="/#kategori" className={navLinkClass({ isActive: false })}>
            {t("nav.categories")}
          </Link>
          <NavLink to="/aleph" className={navLinkClass}>
            {t("nav.aleph")}
          </NavLink>
          <NavLink to="/dompet" className={navLinkClass}>
            {t("nav.wallet")}
          </NavLink>
          <NavLink to="/cari" aria-label={t("nav.search")} title={t("nav.search")} className={navLinkClass}>
            {/* An icon on phones, where the header has no room for another word. */}
            <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5 sm:hidden" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
              <circle cx="11" cy="11" r="7" />
              <path d="m20 20-3.5-3.5" />
            </svg>
            <span className="hidden sm:inline">{t("nav.search")}</span>
          </NavLink>
          <AccountNav />
          <ThemeToggle />
        </nav>
      </div>
      <UnverifiedEmailNotice />
    </header>
  );
}
