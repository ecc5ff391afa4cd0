import { useT } from "~/lib/i18n.ts";

export function SiteFooter() {
  const t = useT();
  return (
    <footer className="border-t border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto max-w-5xl space-y-1 px-4 py-6 text-sm text-slate-600 dark:text-slate-400">
        <p>{t("site.tagline")}</p>
        <p>{t("footer.copyright", { year: new Date().getFullYear() })}</p>
      </div>
    </footer>
  );
}
