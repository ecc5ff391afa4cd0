import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { linkClass, primaryButtonClass } from "~/components/form-fields.tsx";
import * as m from "../../shared/paraglide/messages/_index.js";
import { safeRedirectPath } from "~/lib/redirect-path.ts";
import { OFFLINE_THREADS_KEPT as THREADS_KEPT } from "../../shared/offline.ts";

export const meta: MetaFunction = () => [
  { title: `${m.offline_title()} · ${m.site_name()}` },
  { name: "description", content: m.site_tagline() },
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
    keptPages(m.site_name()).then(
      (found) => live && setPages(found),
      () => live && setPages("unsupported"),
    );
    return () => {
      live = false;
    };
  }, []);

  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">{m.offline_heading()}</h1>
        {from && <p className="text-slate-700 dark:text-slate-300">{m.offline_notKept({ path: from })}</p>}
        <p className="text-slate-700 dark:text-slate-300">{m.offline_intro({ count: THREADS_KEPT })}</p>
      </div>
      {/* A document load, not an in-app navigation: the service worker answers it from the network or the cache. */}
      <Link reloadDocument to={from ?? "/"} className={`${primaryButtonClass} inline-flex`}>
        {m.offline_retry()}
      </Link>
      <section aria-labelledby="luring-tersedia" className="space-y-3">
        <h2 id="luring-tersedia" className="text-lg font-semibold">
          {m.offline_available()}
        </h2>
        {pages === "checking" && <p role="status">{m.offline_checking()}</p>}
        {pages === "unsupported" && <p>{m.offline_unsupported()}</p>}
        {Array.isArray(pages) && pages.length === 0 && <p>{m.offline_none()}</p>}
        {Array.isArray(pages) && pages.length > 0 && (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
            {pages.map((page) => (
              <li key={page.href} className="px-4 py-3">
                <Link reloadDocument to={page.href} className={`${linkClass} break-words`}>
                  {page.href === "/" ? m.nav_home() : page.title}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
