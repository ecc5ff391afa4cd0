import { Link, NavLink, useLocation } from "@remix-run/react";
import { Menu, Moon, Search, Sun, X } from "lucide-react";
import { useEffect, useRef, type KeyboardEvent } from "react";
import * as m from "../../shared/paraglide/messages/_index.js";
import { toggleTheme } from "~/lib/theme.ts";
import { AccountNav, UnverifiedEmailNotice } from "./account-nav.tsx";
import { LocaleSwitch } from "./locale-switch.tsx";
import { HeaderNotificationBell } from "./notification-bell.tsx";

const navLinkClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-3 py-2 text-sm font-medium transition-colors ${
    isActive
      ? "bg-brand-50 text-brand-700 dark:bg-brand-500/15 dark:text-brand-200"
      : "text-slate-700 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"
  }`;

function ThemeToggle() {
  // Which icon shows is decided by CSS from the <html> class, so the server never has to guess.
  return (
    <button
      type="button"
      onClick={toggleTheme}
      aria-label={m.theme_toggle()}
      title={m.theme_toggle()}
      className="rounded-md p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"
    >
      <Moon aria-hidden="true" className="h-5 w-5 dark:hidden" />
      <Sun aria-hidden="true" className="hidden h-5 w-5 dark:block" />
    </button>
  );
}

/** The site's sections, shared by the desktop bar and the phone menu. */
function SectionLinks({ className }: { className: (state: { isActive: boolean }) => string }) {
  return (
    <>
      <NavLink to="/" end className={className}>
        {m.nav_home()}
      </NavLink>
      <Link to="/#kategori" className={className({ isActive: false })}>
        {m.nav_categories()}
      </Link>
      <NavLink to="/aleph" className={className}>
        {m.nav_aleph()}
      </NavLink>
      <NavLink to="/dompet" className={className}>
        {m.nav_wallet()}
      </NavLink>
    </>
  );
}

function SearchLink() {
  return (
    <NavLink to="/cari" aria-label={m.nav_search()} title={m.nav_search()} className={navLinkClass}>
      <Search aria-hidden="true" className="h-5 w-5" />
    </NavLink>
  );
}

/**
 * Phones and tablets get a menu button instead of the link bar (a member's bar, with their
 * own pages and name, needs about 900 px). A <details> element opens and closes it without
 * any JavaScript; after a client-side navigation it is closed again, and Escape closes it with
 * focus back on its button (a <details> has no Escape of its own).
 */
function PhoneMenu() {
  const menu = useRef<HTMLDetailsElement>(null);
  const button = useRef<HTMLElement>(null);
  const location = useLocation();
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location]);
  const closeOnEscape = (event: KeyboardEvent<HTMLDetailsElement>) => {
    if (event.key !== "Escape" || !menu.current?.open) return;
    event.preventDefault();
    menu.current.open = false;
    button.current?.focus();
  };
  return (
    <details ref={menu} onKeyDown={closeOnEscape} className="group lg:hidden">
      <summary
        ref={button}
        aria-label={m.nav_menu()}
        title={m.nav_menu()}
        className="cursor-pointer list-none rounded-md p-2 text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800 [&::-webkit-details-marker]:hidden"
      >
        <Menu aria-hidden="true" className="h-5 w-5 group-open:hidden" />
        <X aria-hidden="true" className="hidden h-5 w-5 group-open:block" />
      </summary>
      <nav
        aria-label={m.nav_main()}
        className="absolute inset-x-0 top-14 flex flex-col gap-1 border-b border-slate-200 bg-white p-3 shadow-lg dark:border-slate-800 dark:bg-slate-900"
      >
        <SectionLinks className={navLinkClass} />
        <LocaleSwitch layout="menu" />
        <div className="mt-1 flex flex-wrap gap-1 border-t border-slate-200 pt-2 dark:border-slate-800">
          <AccountNav layout="menu" />
        </div>
      </nav>
    </details>
  );
}

export function SiteHeader() {
  return (
    <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
      <div className="relative mx-auto flex h-14 max-w-5xl items-center gap-2 px-4">
        <Link to="/" className="flex items-center gap-2 text-lg font-bold tracking-tight text-slate-900 dark:text-white">
          <span aria-hidden="true" className="grid h-8 w-8 place-items-center rounded-lg bg-brand-600 font-serif text-white">
            ℵ
          </span>
          <span>{m.site_name()}</span>
        </Link>
        <nav aria-label={m.nav_main()} className="ml-auto hidden items-center gap-1 lg:flex">
          <SectionLinks className={navLinkClass} />
          <SearchLink />
          <AccountNav layout="bar" />
        </nav>
        <div className="ml-auto flex items-center gap-1 lg:ml-0">
          <span className="lg:hidden">
            <SearchLink />
          </span>
          <HeaderNotificationBell />
          <LocaleSwitch layout="bar" />
          <ThemeToggle />
          <PhoneMenu />
        </div>
      </div>
      <UnverifiedEmailNotice />
    </header>
  );
}
