import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { SignOutButton } from "~/components/account-nav.tsx";
import { secondaryButtonClass } from "~/components/form-fields.tsx";
import * as m from "../../shared/paraglide/messages/_index.js";
import { type Message } from "~/lib/locale.ts";

/**
 * The settings area: one child route per section (pengaturan.<section>.tsx). A new section
 * is its route file plus one line here.
 */
const SECTIONS: { to: string; label: Message }[] = [
  { to: "/pengaturan/profil", label: m.settings_profile },
  { to: "/pengaturan/sesi", label: m.settings_sessions },
  { to: "/pengaturan/keamanan", label: m.settings_securityEvents },
  { to: "/pengaturan/passkey", label: m.settings_passkeys },
  { to: "/pengaturan/dua-langkah", label: m.settings_twoFactor },
  { to: "/pengaturan/token", label: m.settings_accessTokens },
  { to: "/pengaturan/webhook", label: m.settings_webhooks },
  { to: "/pengaturan/peringatan", label: m.mod_warningsTitle },
  { to: "/pengaturan/notifikasi", label: m.settings_notifications },
];

export const meta: MetaFunction = () => [{ title: `${m.settings_title()} · ${m.site_name()}` }];

/** Members only: visitors go to the sign-in page and come back here afterwards. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!(await context.trpc.auth.me())) {
    const url = new URL(request.url);
    throw redirect(`/masuk?${new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` })}`);
  }
  return null;
}

const sectionClass = ({ isActive }: { isActive: boolean }) =>
  `block whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium ${
    isActive
      ? "bg-brand-50 text-brand-700 dark:bg-brand-500/15 dark:text-brand-200"
      : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
  }`;

export default function SettingsLayout() {
  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between gap-4">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl dark:text-white">{m.settings_title()}</h1>
        <SignOutButton className={`${secondaryButtonClass} sm:hidden`} />
      </div>
      <div className="flex flex-col gap-6 md:flex-row">
        <nav aria-label={m.settings_title()} className="-mx-4 overflow-x-auto px-4 md:mx-0 md:w-56 md:shrink-0 md:px-0">
          <ul className="flex gap-1 md:flex-col">
            {SECTIONS.map((section) => (
              <li key={section.to}>
                <NavLink to={section.to} className={sectionClass}>
                  {section.label()}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="min-w-0 flex-1">
          <Outlet />
        </div>
      </div>
    </div>
  );
}
