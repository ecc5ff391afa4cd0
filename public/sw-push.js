// Web Push in Alephdraad's service worker (server/modules/push sends, app/components/push-consent.tsx
// subscribes): imported by the Workbox-built /sw.js (app/service-worker/sw.js), served with
// Cache-Control: no-cache like it (server/http/app.ts) so a change reaches browsers at the next update check.
"use strict";

const FALLBACK_PATH = "/notifikasi";

/**
 * The page a notification opens: `url` (relative, from the payload) resolved against this site; a URL
 * of any other origin opens FALLBACK_PATH instead, whatever the payload says.
 */
function notificationTarget(url, origin) {
  try {
    const target = new URL(typeof url === "string" && url ? url : FALLBACK_PATH, origin);
    if (target.origin === origin) return target.href;
  } catch {
    // Not a URL at all: the fallback below.
  }
  return new URL(FALLBACK_PATH, origin).href;
}

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    // Not JSON: shown with the defaults; browsers expect a notification for every push.
  }
  const text = (value, fallback) => (typeof value === "string" && value ? value : fallback);
  event.waitUntil(
    self.registration.showNotification(text(data.title, "Alephdraad"), {
      body: text(data.body, ""),
      tag: text(data.tag, undefined),
      icon: "/icons/icon-192.png",
      data: { url: notificationTarget(data.url, self.location.origin) },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = notificationTarget(event.notification.data && event.notification.data.url, self.location.origin);
  event.waitUntil(
    (async () => {
      const tabs = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const same = tabs.find((tab) => tab.url === target);
      if (same) return same.focus();
      const ours = tabs.find((tab) => new URL(tab.url).origin === self.location.origin);
      if (ours) {
        // Focus first: the click's permission to focus a window does not outlast a navigation.
        await ours.focus().catch(() => undefined);
        // A tab this worker does not control cannot be navigated: then a new one opens.
        if (await ours.navigate(target).catch(() => null)) return undefined;
      }
      return self.clients.openWindow(target);
    })(),
  );
});
