import * as m from "../../shared/paraglide/messages/_index.js";
import { getLocale } from "../../shared/paraglide/runtime.js";
import { APP_COLORS } from "~/lib/theme.ts";


const icon = (src: string, sizes: string, purpose = "any") => ({ src, sizes, type: "image/png", purpose });

/**
 * The web app manifest (installing the site as an app). Icons and screenshots are committed PNGs made by
 * scripts/generate-icons.ts; the service worker precaches this response for launching offline.
 */
export function loader() {
  const manifest = {
    id: "/",
    // The request's language, as are the texts below.
    lang: getLocale(),
    dir: "ltr",
    name: m.site_name(),
    short_name: m.site_name(),
    description: m.pwa_description(),
    start_url: "/",
    scope: "/",
    display: "standalone",
    theme_color: APP_COLORS.light,
    background_color: APP_COLORS.background,
    categories: ["social", "education", "productivity"],
    icons: [icon("/icons/icon-192.png", "192x192"), icon("/icons/icon-512.png", "512x512"), icon("/icons/maskable-512.png", "512x512", "maskable")],
    screenshots: [
      { src: "/screenshots/narrow.png", sizes: "412x915", type: "image/png", form_factor: "narrow", label: m.pwa_screenshotNarrow() },
      { src: "/screenshots/wide.png", sizes: "1280x800", type: "image/png", form_factor: "wide", label: m.pwa_screenshotWide() },
    ],
    shortcuts: [
      { name: m.nav_newThread(), url: "/tulis", icons: [icon("/icons/icon-192.png", "192x192")] },
      { name: m.nav_aleph(), url: "/aleph", icons: [icon("/icons/icon-192.png", "192x192")] },
      { name: m.nav_wallet(), url: "/dompet", icons: [icon("/icons/icon-192.png", "192x192")] },
    ],
  };
  return new Response(JSON.stringify(manifest), {
    headers: { "Content-Type": "application/manifest+json; charset=utf-8", "Cache-Control": "public, max-age=3600", Vary: "Cookie, Accept-Language" },
  });
}
