import { Form, Link, NavLink, useLocation, useRouteLoaderData } from "@remix-run/react";
import * as m from "../../shared/paraglide/messages/_index.js";
import { withRedirect } from "~/lib/redirect-path.ts";

interface RootAccount {
  user: { username: string; isVerified: boolean } | null;
}

/** The signed-in member as the root loader saw them, or null. */
function useSignedInUser() {
  return useRouteLoaderData<RootAccount>("root")?.user ?? null;
}

const itemClass =
  "rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white";

/** Ends this session (a POST, so no prefetch or link scanner can sign anyone out). */
export function SignOutButton({ className }: { className: string }) {
  return (
    <Form method="post" action="/keluar" className="contents">
      <button type="submit" className={className}>
        {m.nav_signOut()}
      </button>
    </Form>
  );
}

/** A reminder under the header until the member's email address is verified. */
export function UnverifiedEmailNotice() {
  const location = useLocation();
  const user = useSignedInUser();
  if (!user || user.isVerified || location.pathname === "/verifikasi-email") return null;
  return (
    <div className="border-t border-amber-200 bg-amber-50 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-100">
      <p className="mx-auto max-w-5xl px-4 py-2">
        {m.verify_notice()}{" "}
        <Link to="/verifikasi-email" className="font-medium underline underline-offset-2">
          {m.verify_resend()}
        </Link>
      </p>
    </div>
  );
}

/**
 * The header's account corner: the member's own pages (documents, settings under their name)
 * and sign-out, or the sign-in links; in the desktop bar, or stacked in the phone menu.
 */
export function AccountNav({ layout }: { layout: "bar" | "menu" }) {
  const location = useLocation();
  const user = useSignedInUser();
  if (!user) {
    // Back to this page after signing in, unless this already is a sign-in page.
    const here = /^\/(?:masuk|daftar)/.test(location.pathname) ? null : `${location.pathname}${location.search}`;
    return (
      <>
        <Link to={withRedirect("/masuk", here)} className={itemClass}>
          {m.nav_signIn()}
        </Link>
        <Link to={withRedirect("/daftar", here)} className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
          {m.nav_signUp()}
        </Link>
      </>
    );
  }
  return (
    <>
      <NavLink to="/dokumen" className={itemClass}>
        {m.nav_documents()}
      </NavLink>
      <NavLink
        to="/pengaturan"
        aria-label={m.nav_account({ username: user.username })}
        className={`${itemClass} truncate ${layout === "bar" ? "max-w-[9rem]" : ""}`}
        data-testid={layout === "bar" ? "account-link" : "account-link-menu"}
      >
        {user.username}
      </NavLink>
      <SignOutButton className={itemClass} />
    </>
  );
}
