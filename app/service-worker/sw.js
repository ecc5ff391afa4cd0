// Source of Alephdraad's service worker. scripts/build-service-worker.ts copies Workbox's own files to
// public/__WORKBOX_DIR__, fills in that folder, the languages and the precache list (the hashed
// assets of public/build, the icons and the offline page in each language) and writes public/sw.js, served at /sw.js
// with Cache-Control: no-cache (server/http/app.ts). Plain JS loaded with importScripts: no bundler.
// docs/decisions/0010-service-worker.md says why it works as it does.
"use strict";

importScripts("/__WORKBOX_DIR__/workbox-sw.js");
// Web Push (push, notificationclick) lives in its own small file, unchanged by Workbox.
importScripts("/sw-push.js");

workbox.setConfig({ modulePathPrefix: "/__WORKBOX_DIR__/", debug: false });

const { precaching, routing, strategies, expiration, cacheableResponse, navigationPreload, core } = workbox;

/** How many opened threads stay readable offline (the least recently opened leaves first): shared/offline.ts. */
const THREADS_KEPT = Number("__THREADS_KEPT__");
const OFFLINE_PAGE = "/luring";
/** The interface languages, the default and the language switch's cookie (shared/locale.ts). */
const LOCALES = JSON.parse('__LOCALES__');
const DEFAULT_LOCALE = "__DEFAULT_LOCALE__";
const LOCALE_COOKIE = "__LOCALE_COOKIE__";
const THREAD_CACHE = "alephdraad-utas";
const HOME_CACHE = "alephdraad-beranda";
/** Pages that show the member's own view (their name, their reactions): cleared when the account changes. */
const MEMBER_CACHES = [THREAD_CACHE, HOME_CACHE];
/** Posts that sign someone in or out: the cached pages of whoever was signed in before must go (and at /keluar, the outbox). */
const ACCOUNT_CHANGES = new Set(["/keluar", "/masuk", "/masuk/2fa", "/daftar"]);
/** A kept page whose copy is younger than this is not fetched again after an in-app visit. */
const FRESH_ENOUGH_MS = 5 * 60 * 1000;

const sameOrigin = (url) => url.origin === self.location.origin;
const isKeptPath = (pathname) => pathname === "/" || /^\/t\/[^/]+\/[^/]+$/.test(pathname);
const isPage = (request, url) => request.mode === "navigate" && sameOrigin(url) && !url.pathname.startsWith("/admin");

// The precache (assets, offline page) is fetched without cookies: the offline page must not carry the
// header of whoever happened to be signed in when the worker installed. The offline page is kept once per
// language (/luring?bahasa=<locale>), each asked for by Accept-Language, which the server goes by without
// the cookie.
precaching.addPlugins([
  {
    requestWillFetch: ({ request }) => {
      const locale = new URL(request.url).searchParams.get("bahasa");
      const headers = new Headers(request.headers);
      if (LOCALES.includes(locale)) headers.set("Accept-Language", locale);
      return new Request(request, { credentials: "omit", headers });
    },
  },
]);
// /luring?bahasa=<locale>&dari=<path> is the one offline page, whichever page could not be opened.
precaching.precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/^dari$/] });
precaching.cleanupOutdatedCaches();
// Page requests start while the worker boots, so a cold worker costs no time.
navigationPreload.enable();

// A new worker waits until the page asks it to take over (the "new version" prompt): a tab keeps the
// assets it started with. The very first worker has nothing to replace and activates at once.
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});
// Controlling the open tabs at once lets a notification click navigate one of them.
core.clientsClaim();

const okOnly = new cacheableResponse.CacheableResponsePlugin({ statuses: [200] });
// Threads and the home page: the network first (fresh replies), the copy kept from the last visit when
// the network fails or takes longer than a few seconds.
const keptPages = (cacheName, maxEntries) =>
  new strategies.NetworkFirst({ cacheName, networkTimeoutSeconds: 4, plugins: [okOnly, new expiration.ExpirationPlugin({ maxEntries })] });
const threadPages = keptPages(THREAD_CACHE, THREADS_KEPT);
const homePage = keptPages(HOME_CACHE, 1);
const strategyFor = (pathname) => (pathname === "/" ? homePage : threadPages);

routing.registerRoute(({ request, url }) => isPage(request, url) && isKeptPath(url.pathname), (options) => strategyFor(options.url.pathname).handle(options));
// Every other page from the network only; offline, the catch handler below answers with the offline page.
routing.registerRoute(({ request, url }) => isPage(request, url), new strategies.NetworkOnly());

/**
 * Remix's in-app navigation fetches a route's data (?_data=), not the page. A kept page reached that way
 * is fetched once more as a document (unless its copy is recent) so that it opens offline too; offline,
 * the data fetch fails and Remix is told to load the page as a document instead, which the routes above
 * answer from the cache or with the offline page (rather than an error inside the open page).
 */
routing.registerRoute(
  ({ request, url }) => request.method === "GET" && sameOrigin(url) && url.searchParams.has("_data") && !url.pathname.startsWith("/admin"),
  async ({ request, url, event }) => {
    const page = new URL(url);
    page.searchParams.delete("_data");
    try {
      const response = await fetch(request);
      if (response.ok && isKeptPath(page.pathname)) event.waitUntil(keepCopy(page, event));
      return response;
    } catch {
      return new Response(null, { status: 204, headers: { "X-Remix-Redirect": page.pathname + page.search, "X-Remix-Reload-Document": "true" } });
    }
  },
);

async function keepCopy(page, event) {
  const strategy = strategyFor(page.pathname);
  const cached = await caches.match(page.href, { cacheName: strategy.cacheName });
  const age = cached ? Date.now() - Date.parse(cached.headers.get("Date") ?? "") : Infinity;
  if (age < FRESH_ENOUGH_MS) return;
  await strategy.handle({ event, request: new Request(page.href, { credentials: "same-origin", headers: { Accept: "text/html" } }) }).catch(() => undefined);
}

// The site's own images (icons, favicon, screenshots) change rarely: served from the cache, refreshed behind.
routing.registerRoute(
  ({ request, url }) => sameOrigin(url) && request.destination === "image" && /^\/(?:icons\/|screenshots\/|favicon\.svg$)/.test(url.pathname),
  new strategies.StaleWhileRevalidate({ cacheName: "alephdraad-aset", plugins: [okOnly, new expiration.ExpirationPlugin({ maxEntries: 30 })] }),
);

// Signing in or out, as a form post or Remix's fetch of it: once the server answered, every cached member
// page goes (also those of a member whose session had ended elsewhere). A failed attempt clears them
// too, which costs only offline copies.
routing.registerRoute(
  ({ url }) => sameOrigin(url) && ACCOUNT_CHANGES.has(url.pathname),
  async ({ request, url }) => {
    const response = await fetch(request);
    await clearMemberPages();
    // Signing out also forgets the writes still waiting: the member chose to leave this device. Signing
    // in keeps them (a member whose session ended signs in again); another member's send is refused by
    // the server (writtenBy) and kept as a conflict.
    if (url.pathname === "/keluar") {
      await caches.delete(OUTBOX);
      await announceOutbox();
    }
    return response;
  },
  "POST",
);

async function clearMemberPages() {
  // The expiration records (IndexedDB) go with their caches, or they would count pages no longer kept.
  await Promise.all(MEMBER_CACHES.map((name) => Promise.all([caches.delete(name), new expiration.CacheExpiration(name, { maxEntries: 1 }).delete()])));
}

// Offline writing: replies and threads written without a connection wait in the outbox (app/lib/outbox.ts
// hands them over) and are sent when it returns: by Background Sync where the browser has it, else when a
// page of the site opens or comes back online and asks. Each is sent with its idempotency key, so a send
// repeated (its answer lost, two triggers at once) still makes one reply. The outcome stays beside it until
// the member dismisses it: sent (with what it made) or a conflict (kept to be copied). Entries are JSON
// responses in one cache, readable by the worker and the page alike. docs/decisions/0016-offline-writing.md.
const OUTBOX = "alephdraad-kotak-keluar";
const OUTBOX_SYNC = "alephdraad-kirim-tulisan";
/** tRPC codes after which a send is tried again later; any other refusal is a conflict for the member. */
const TRY_LATER = new Set(["TOO_MANY_REQUESTS", "SERVICE_UNAVAILABLE", "INTERNAL_SERVER_ERROR", "TIMEOUT"]);
const outboxUrl = (key) => new URL(`/__kotak-keluar/${encodeURIComponent(key)}`, self.location.origin).href;

async function outboxEntries() {
  if (!(await caches.has(OUTBOX))) return [];
  const cache = await caches.open(OUTBOX);
  const entries = await Promise.all((await cache.keys()).map(async (request) => (await cache.match(request))?.json()));
  return entries.filter(Boolean).sort((a, b) => a.queuedAt - b.queuedAt);
}

async function saveEntry(entry) {
  await (await caches.open(OUTBOX)).put(outboxUrl(entry.key), new Response(JSON.stringify(entry), { headers: { "Content-Type": "application/json" } }));
}

async function announceOutbox() {
  for (const client of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) client.postMessage({ type: "OUTBOX_CHANGED" });
}

/** Sends one entry; answers it with its outcome, or null when it must wait (no connection, or a limit). */
async function sendEntry(entry) {
  let response;
  try {
    response = await fetch(`/api/trpc/${entry.path}`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", ...entry.headers },
      // superjson's form of plain JSON input.
      body: JSON.stringify({ json: entry.input }),
    });
  } catch {
    return null;
  }
  const body = await response.json().catch(() => null);
  if (response.ok && body?.result) return { ...entry, status: "sent", result: body.result.data.json, doneAt: Date.now() };
  const error = body?.error?.json;
  const code = error?.data?.code;
  if (!code || TRY_LATER.has(code)) return null;
  return { ...entry, status: "conflict", code, message: error.message, doneAt: Date.now() };
}

let sending = null;
let sendAgain = false;
/**
 * Sends every waiting entry, one at a time and oldest first, and again while entries came in meanwhile;
 * rejects when some still wait, so that Background Sync tries again later.
 */
function sendOutbox() {
  if (sending) {
    sendAgain = true;
    return sending;
  }
  sending = (async () => {
    let waiting;
    do {
      sendAgain = false;
      waiting = await sendWaiting();
    } while (sendAgain);
    if (waiting > 0) throw new Error(`${waiting} tulisan menunggu koneksi`);
  })().finally(() => {
    sending = null;
  });
  return sending;
}

/** One pass over the outbox; answers how many entries still wait. */
async function sendWaiting() {
  let waiting = 0;
  for (const entry of await outboxEntries()) {
    if (entry.status !== "pending") continue;
    const outcome = await sendEntry(entry);
    if (!outcome) {
      waiting += 1;
      continue;
    }
    // Unless the member signed out (the outbox went) or dismissed it meanwhile.
    if (await caches.match(outboxUrl(entry.key), { cacheName: OUTBOX })) await saveEntry(outcome);
    await announceOutbox();
  }
  return waiting;
}

async function askToSend() {
  // Chromium fires the sync at once when it is online, else when the connection returns.
  if (self.registration.sync) return self.registration.sync.register(OUTBOX_SYNC).catch(() => sendOutbox());
  return sendOutbox();
}

self.addEventListener("sync", (event) => {
  if (event.tag === OUTBOX_SYNC) event.waitUntil(sendOutbox());
});

const outboxRequests = {
  async OUTBOX_ADD({ entry }) {
    await saveEntry({ ...entry, status: "pending", queuedAt: Date.now() });
    await announceOutbox();
    askToSend().catch(() => undefined);
    return true;
  },
  OUTBOX_LIST: () => outboxEntries(),
  /** The fallback of browsers without Background Sync: a page opened or came back online. */
  async OUTBOX_SEND() {
    await sendOutbox().catch(() => undefined);
    return true;
  },
  async OUTBOX_RETRY({ key }) {
    const entry = (await outboxEntries()).find((candidate) => candidate.key === key);
    if (!entry) return false;
    await saveEntry({ ...entry, status: "pending", code: undefined, message: undefined });
    await announceOutbox();
    askToSend().catch(() => undefined);
    return true;
  },
  async OUTBOX_DISMISS({ key }) {
    if (await caches.has(OUTBOX)) await (await caches.open(OUTBOX)).delete(outboxUrl(key));
    await announceOutbox();
    return true;
  },
};

self.addEventListener("message", (event) => {
  const handle = event.data && outboxRequests[event.data.type];
  if (!handle || !event.ports[0]) return;
  const reply = event.ports[0];
  event.waitUntil(
    Promise.resolve(handle(event.data)).then(
      (answer) => reply.postMessage({ answer }),
      () => reply.postMessage({ answer: null }),
    ),
  );
});

/**
 * The language the server would have chosen for the page that could not open (shared/locale.ts): the
 * language switch's cookie, else the browser's languages in order (Accept-Language is made from them).
 * Where a worker cannot read cookies (no Cookie Store API), the browser's languages decide.
 */
async function readerLocale() {
  const chosen = self.cookieStore ? await self.cookieStore.get(LOCALE_COOKIE).catch(() => null) : null;
  if (chosen && LOCALES.includes(chosen.value)) return chosen.value;
  for (const tag of self.navigator.languages ?? []) {
    const language = tag.toLowerCase().split("-")[0];
    if (LOCALES.includes(language)) return language;
  }
  return DEFAULT_LOCALE;
}

routing.setCatchHandler(async ({ request, url }) => {
  if (request.mode !== "navigate") return Response.error();
  // A redirect, not the offline page's HTML under this address: the page then hydrates as /luring.
  const offline = new URL(OFFLINE_PAGE, self.location.origin);
  offline.searchParams.set("bahasa", await readerLocale());
  offline.searchParams.set("dari", url.pathname + url.search);
  return Response.redirect(offline.href, 302);
});
