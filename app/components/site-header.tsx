import { Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useT } from "~/lib/i18n.ts";
import { toggleTheme } from "~/lib/theme.ts";
import { AccountNav, UnverifiedEmailNotice } from "./account-nav.tsx";
import { HeaderNotificationBell } from "./notification-bell.tsx";

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

/** The site's sections, shared by the desktop bar and the phone menu. */
function SectionLinks({ className }: { className: (state: { isActive: boolean }) => string }) {
  const t = useT();
  return (
    <>
      <NavLink to="/" end className={className}>
        {t("nav.home")}
      </NavLink>
      <Link to="/#kategori" className={className({ isActive: false })}>
        {t("nav.categories")}
      </Link>
      <NavLink to="/aleph" className={className}>
        {t("nav.aleph")}
      </NavLink>
      <NavLink to="/dompet" className={className}>
        {t("nav.wallet")}
      </NavLink>
    </>
  );
}

function SearchLink() {
  const t = useT();
  return (
    <NavLink to="/cari" aria-label={t("nav.search")} title={t("nav.search")} className={navLinkClass}>
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
        <circle cx="11" cy="11" r="7" />
        <path d="m20 20-3.5-3.5" />
      </svg>
    </NavLink>
  );
}

/**
 * Phones and tablets get a menu button instead of the link bar (a member's bar, with their
 * own pages and name, needs about 900 px). A <details> element opens and closes it without
 * any JavaScript; after a client-side navigation it is closed again.
 */
function PhoneMenu() {
  const t = useT();
  const menu = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location]);
  return (
    <details ref={menu} className="group lg:hidden">
      <summary
        aria-label={t("nav.menu")}
        title={t("nav.menu")}
        className="cursor-pointer list-none rounded-md p-2 text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800 [&::-webkit-details-marker]:hidden"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5 group-open:hidden" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
          <path d="M4 6h16M4 12h16M4 18h16" />
        </svg>
        <svg aria-hidden="true" viewBox="0 0 24 24" className="hidden h-5 w-5 group-open:block" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
          <path d="M6 6l12 12M18 6 6 18" />
        </svg>
      </summary>
      <nav
        aria-label={t("nav.main")}
        className="absolute inset-x-0 top-14 flex flex-col gap-1 border-b border-slate-200 bg-white p-3 shadow-lg dark:border-slate-800 dark:bg-slate-900"
      >
        <SectionLinks className={navLinkClass} />
        <div className="mt-1 flex flex-wrap gap-1 border-t border-slate-200 pt-2 dark:border-slate-800">
          <AccountNav layout="menu" />
        </div>
      </nav>
    </details>
  );
}

export function SiteHeader() {
  const t = useT();
  return (
    <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
      <div className="relative mx-auto flex h-14 max-w-5xl items-center gap-2 px-4">
        <Link to="/" className="flex items-center gap-2 text-lg font-bold tracking-tight text-slate-900 dark:text-white">
          <span aria-hidden="true" className="grid h-8 w-8 place-items-center rounded-lg bg-brand-600 font-serif text-white">
            ℵ
          </span>
          <span>{t("site.name")}</span>
        </Link>
        <nav aria-label={t("nav.main")} className="ml-auto hidden items-center gap-1 lg:flex">
          <SectionLinks className={navLinkClass} />
          <SearchLink />
          <AccountNav layout="bar" />
        </nav>
        <div className="ml-auto flex items-center gap-1 lg:ml-0">
          <span className="lg:hidden">
            <SearchLink />
          </span>
          <HeaderNotificationBell />
          <ThemeToggle />
          <PhoneMenu />
        </div>
      </div>
      <UnverifiedEmailNotice />
    </header>
  );
}
