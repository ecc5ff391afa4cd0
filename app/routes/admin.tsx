import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { AdminSignOutButton } from "~/components/admin-sign-out.tsx";
import { ErrorPage } from "~/components/error-page.tsx";
import { adminCall } from "~/lib/admin.server.ts";
import { t as translateDefault, useT, type MessageKey } from "~/lib/i18n.ts";

export const meta: MetaFunction = () => [
  { title: `${translateDefault("admin.area")} · ${translateDefault("site.name")}` },
  { name: "robots", content: "noindex, nofollow" },
];

/** Every admin page sits in here: no admin session past two-factor, no page (to /admin/masuk). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = await adminCall(request, context.trpc.admin.me());
  return json({ admin: { username: admin.username, email: admin.email } });
}

/** The admin area's sections (each slice builds its own page under /admin/<section>). */
const SECTIONS: { to: string; label: MessageKey }[] = [
  { to: "/admin", label: "admin.nav.dashboard" },
  { to: "/admin/laporan", label: "admin.nav.reports" },
  { to: "/admin/anggota", label: "admin.nav.members" },
  { to: "/admin/larangan", label: "admin.nav.deviceBans" },
  { to: "/admin/kategori", label: "admin.nav.categories" },
  { to: "/admin/lencana", label: "admin.nav.badges" },
  { to: "/admin/dompet", label: "admin.nav.wallets" },
  { to: "/admin/pembayaran", label: "admin.nav.payments" },
  { to: "/admin/tugas", label: "admin.nav.jobs" },
  { to: "/admin/webhook", label: "admin.nav.webhooks" },
  { to: "/admin/log", label: "admin.nav.log" },
  { to: "/admin/sesi", label: "admin.nav.sessions" },
];

const sectionClass = ({ isActive }: { isActive: boolean }) =>
  `block whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium ${
    isActive
      ? "bg-brand-50 text-brand-700 dark:bg-brand-500/15 dark:text-brand-200"
      : "text-slate-700 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"
  }`;

export default function AdminLayout() {
  const t = useT();
  const { admin } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4" data-testid="admin-area">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 pb-3 dark:border-slate-800">
        <p className="text-lg font-bold tracking-tight text-slate-900 dark:text-white">
          {t("admin.area")}
          <span className="ml-2 text-sm font-normal text-slate-600 dark:text-slate-400" data-testid="admin-signed-in">
            {t("admin.signedInAs", { name: admin.username })}
          </span>
        </p>
        <AdminSignOutButton />
      </header>
      <div className="md:flex md:gap-6">
        {/* A row that scrolls sideways on a phone, a column beside the page from md up. */}
        <nav aria-label={t("admin.navLabel")} className="-mx-4 overflow-x-auto px-4 md:mx-0 md:w-48 md:shrink-0 md:overflow-visible md:px-0">
          <ul className="flex gap-1 pb-2 md:flex-col md:pb-0">
            {SECTIONS.map((section) => (
              <li key={section.to}>
                <NavLink to={section.to} end={section.to === "/admin"} className={sectionClass}>
                  {t(section.label)}
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
