import { Form } from "@remix-run/react";
import * as m from "../../shared/paraglide/messages/_index.js";

/** Ends this admin session (a POST to /admin/keluar, so no prefetch signs anyone out). */
export function AdminSignOutButton() {
  return (
    <Form method="post" action="/admin/keluar">
      <button
        type="submit"
        className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        {m.admin_signOut()}
      </button>
    </Form>
  );
}
