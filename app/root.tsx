import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { AppUpdate } from "./components/app-update.tsx";
import { OutboxStatus } from "./components/outbox-status.tsx";
import { ErrorPage, errorTitle } from "./components/error-page.tsx";
import { SiteFooter } from "./components/site-footer.tsx";
import { SiteHeader } from "./components/site-header.tsx";
import * as m from "../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";
import { useNonce } from "./lib/nonce.tsx";
import { APP_COLORS, systemThemeScript, themeFromCookie } from "./lib/theme.ts";
import stylesheet from "./tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "manifest", href: "/manifest.webmanifest" },
  { rel: "apple-touch-icon", href: "/icons/apple-touch-icon.png" },
];

export const meta: MetaFunction = ({ error }) => [
  { title: error ? `${errorTitle(error)} · ${m.site_name()}` : m.home_title() },
  { name: "description", content: m.site_tagline() },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await context.trpc.auth.me();
  // The header's bell: a failing count must not take every page down with it (null: no number).
  const unread = user ? await context.trpc.notification.unreadCount().then((count) => count.unread, () => null) : null;
  return json({
    theme: themeFromCookie(request.headers.get("Cookie")),
    // For absolute URLs in every page's head (canonical, feeds): the public origin, never the Host header.
    origin: context.publicOrigin,
    // Only what the header shows: every page's HTML carries root data.
    user: user && { username: user.username, isVerified: user.isVerified },
    unread,
  });
}

/** The document around every page, error pages included (root data may then be missing). */
export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const locale = useLocale();
  const theme = data?.theme ?? null;
  return (
    // The class may differ from the server's when the system theme applies (see theme.ts).
    <html lang={locale} className={theme === "dark" ? "dark" : undefined} suppressHydrationWarning>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        {/* The browser's title bar follows the header: the chosen theme, or the system's. */}
        {theme === null ? (
          <>
            <meta name="theme-color" media="(prefers-color-scheme: light)" content={APP_COLORS.light} />
            <meta name="theme-color" media="(prefers-color-scheme: dark)" content={APP_COLORS.dark} />
          </>
        ) : (
          <meta name="theme-color" content={APP_COLORS[theme]} />
        )}
        {theme === null && <script nonce={nonce} dangerouslySetInnerHTML={{ __html: systemThemeScript }} />}
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-screen flex-col bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#konten"
          className="sr-only z-30 rounded-md bg-brand-600 px-4 py-2 font-medium text-white focus:not-sr-only focus:fixed focus:left-4 focus:top-3"
        >
          {m.nav_skipToContent()}
        </a>
        <SiteHeader />
        <main id="konten" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 sm:py-8">
          <OutboxStatus />
          {children}
        </main>
        <SiteFooter />
        <AppUpdate />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  // No API provider here: the pages and components that query at render bring their own
  // (withApi in app/lib/trpc.tsx), the others load the API when a member acts (app/lib/api.ts).
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
