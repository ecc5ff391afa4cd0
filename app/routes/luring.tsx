import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { linkClass, primaryButtonClass } from "~/components/form-fields.tsx";
import { t as translateDefault, useT } from "~/lib/i18n.ts";
import { safeRedirectPath } from "~/lib/redirect-path.ts";
import { OFFLINE_THREADS_KEPT as THREADS_KEPT } from "../../shared/offline.ts";

export const meta: MetaFunction = () => [
  { title: `${translateDefault("offline.title")} · ${translateDefault("site.name")}` },
  { name: "description", content: translateDefault("site.tagline") },
  { name: "robots", content: "noindex" },
];

/** The caches app/service-worker/sw.js keeps member pages in (the home page's first), and how many threads. */
const KEPT_CACHES = ["alephdraad-beranda", "alephdraad-utas"];

type KeptPage = { href: string; title: string };

/** The pages this device can open offline, the most recently kept first, titled as their HTML is. */
async function keptPages(siteName: string): Promise<KeptPage[]> {
  const pages: KeptPage[] = [];
  for (const name of KEPT_CACHES) {
    if (!(await caches.has(name))) continue;
    const cache = await caches.open(name);
    for (const request of [...(await cache.keys())].reverse()) {
      const html = await (await cache.match(request))?.text();
      const title = html ? new DOMParser().parseFromString(html, "text/html").title : "";
      const url = new URL(request.url);
      pages.push({ href: url.pathname + url.search, title: title.replace(` · ${siteName}`, "") || url.pathname });
    }
  }
  return pages;
}

/**
 * The offline page: the service worker precaches it and redirects here (/luring?dari=<path>) any page it
 * cannot open without a connection. What it lists is read from the device's caches, so it is worked out
 * in the browser after hydration (the precached HTML is the same for everyone).
 */
export default function OfflinePage() {
  const t = useT();
  const [from, setFrom] = useState<string | null>(null);
  const [pages, setPages] = useState<KeptPage[] | "checking" | "unsupported">("checking");

  useEffect(() => {
    const dari = new URLSearchParams(window.location.search).get("dari");
    setFrom(dari ? safeRedirectPath(dari, "/") : null);
    if (!("caches" in window)) {
      setPages("unsupported");
      return;
    }
    let live = true;
    keptPages(t("site.name")).then(
      (found) => live && setPages(found),
      () => live && setPages("unsupported"),
    );
    return () => {
      live = false;
    };
  }, [t]);

  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">{t("offline.heading")}</h1>
        {from && <p className="text-slate-700 dark:text-slate-300">{t("offline.notKept", { path: from })}</p>}
        <p className="text-slate-700 dark:text-slate-300">{t("offline.intro", { count: THREADS_KEPT })}</p>
      </div>
      {/* A document load, not an in-app navigation: the service worker answers it from the network or the cache. */}
      <Link reloadDocument to={from ?? "/"} className={`${primaryButtonClass} inline-flex`}>
        {t("offline.retry")}
      </Link>
      <section aria-labelledby="luring-tersedia" className="space-y-3">
        <h2 id="luring-tersedia" className="text-lg font-semibold">
          {t("offline.available")}
        </h2>
        {pages === "checking" && <p role="status">{t("offline.checking")}</p>}
        {pages === "unsupported" && <p>{t("offline.unsupported")}</p>}
        {Array.isArray(pages) && pages.length === 0 && <p>{t("offline.none")}</p>}
        {Array.isArray(pages) && pages.length > 0 && (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
            {pages.map((page) => (
              <li key={page.href} className="px-4 py-3">
                <Link reloadDocument to={page.href} className={`${linkClass} break-words`}>
                  {page.href === "/" ? t("nav.home") : page.title}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
