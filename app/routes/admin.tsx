import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { AdminSignOutButton } from "~/components/admin-sign-out.tsx";
import { ErrorPage } from "~/components/error-page.tsx";
import { adminCall } from "~/lib/admin.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { type Message } from "~/lib/locale.ts";

export const meta: MetaFunction = () => [
  { title: `${m.admin_area()} · ${m.site_name()}` },
  { name: "robots", content: "noindex, nofollow" },
];

/** Every admin page sits in here: no admin session past two-factor, no page (to /admin/masuk). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = await adminCall(request, context.trpc.admin.me());
  return json({ admin: { username: admin.username, email: admin.email } });
}

/** The admin area's sections (each slice builds its own page under /admin/<section>). */
const SECTIONS: { to: string; label: Message }[] = [
  { to: "/admin", label: m.admin_nav_dashboard },
  { to: "/admin/laporan", label: m.admin_nav_reports },
  { to: "/admin/anggota", label: m.admin_nav_members },
  { to: "/admin/larangan", label: m.admin_nav_deviceBans },
  { to: "/admin/kategori", label: m.admin_nav_categories },
  { to: "/admin/lencana", label: m.admin_nav_badges },
  { to: "/admin/dompet", label: m.admin_nav_wallets },
  { to: "/admin/pembayaran", label: m.admin_nav_payments },
  { to: "/admin/tugas", label: m.admin_nav_jobs },
  { to: "/admin/webhook", label: m.admin_nav_webhooks },
  { to: "/admin/log", label: m.admin_nav_log },
  { to: "/admin/sesi", label: m.admin_nav_sessions },
];

const sectionClass = ({ isActive }: { isActive: boolean }) =>
  `block whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium ${
    isActive
      ? "bg-brand-50 text-brand-700 dark:bg-brand-500/15 dark:text-brand-200"
      : "text-slate-700 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"
  }`;

export default function AdminLayout() {
  const { admin } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4" data-testid="admin-area">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 pb-3 dark:border-slate-800">
        <p className="text-lg font-bold tracking-tight text-slate-900 dark:text-white">
          {m.admin_area()}
          <span className="ml-2 text-sm font-normal text-slate-600 dark:text-slate-400" data-testid="admin-signed-in">
            {m.admin_signedInAs({ name: admin.username })}
          </span>
        </p>
        <AdminSignOutButton />
      </header>
      <div className="md:flex md:gap-6">
        {/* A row that scrolls sideways on a phone, a column beside the page from md up. */}
        <nav aria-label={m.admin_navLabel()} className="-mx-4 overflow-x-auto px-4 md:mx-0 md:w-48 md:shrink-0 md:overflow-visible md:px-0">
          <ul className="flex gap-1 pb-2 md:flex-col md:pb-0">
            {SECTIONS.map((section) => (
              <li key={section.to}>
                <NavLink to={section.to} end={section.to === "/admin"} className={sectionClass}>
                  {section.label()}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="min-w-0 flex-1 pt-2 md:pt-0">
          <Outlet />
        </div>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
