import * as m from "../../shared/paraglide/messages/_index.js";

export function SiteFooter() {
  return (
    <footer className="border-t border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto max-w-5xl space-y-1 px-4 py-6 text-sm text-slate-600 dark:text-slate-400">
        <p>{m.site_tagline()}</p>
        <p>{m.footer_copyright({ year: new Date().getFullYear() })}</p>
      </div>
    </footer>
  );
}
