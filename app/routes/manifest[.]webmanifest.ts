import { t } from "~/lib/i18n.ts";
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
    name: t("site.name"),
    short_name: t("site.name"),
    description: t("pwa.description"),
    start_url: "/",
    scope: "/",
    display: "standalone",
    theme_color: APP_COLORS.light,
    background_color: APP_COLORS.background,
    categories: ["social", "education", "productivity"],
    icons: [icon("/icons/icon-192.png", "192x192"), icon("/icons/icon-512.png", "512x512"), icon("/icons/maskable-512.png", "512x512", "maskable")],
    screenshots: [
      { src: "/screenshots/narrow.png", sizes: "412x915", type: "image/png", form_factor: "narrow", label: t("pwa.screenshotNarrow") },
      { src: "/screenshots/wide.png", sizes: "1280x800", type: "image/png", form_factor: "wide", label: t("pwa.screenshotWide") },
    ],
    shortcuts: [
      { name: t("nav.newThread"), url: "/tulis", icons: [icon("/icons/icon-192.png", "192x192")] },
      { name: t("nav.aleph"), url: "/aleph", icons: [icon("/icons/icon-192.png", "192x192")] },
      { name: t("nav.wallet"), url: "/dompet", icons: [icon("/icons/icon-192.png", "192x192")] },
    ],
  };
  return new Response(JSON.stringify(manifest), {
    headers: { "Content-Type": "application/manifest+json; charset=utf-8", "Cache-Control": "public, max-age=3600", Vary: "Cookie, Accept-Language" },
  });
}
