import type { Workbox } from "workbox-window";

/**
 * The one registration of /sw.js (app/service-worker/sw.js), for every visitor: started by <AppUpdate>
 * in the root layout, reused by Web Push (push-consent.tsx). A new version of the worker waits until the
 * member chooses to reload (applyUpdate), so an open tab never runs on assets it did not load with.
 */
let workbox: Workbox | null = null;
let registered: Promise<ServiceWorkerRegistration | undefined> | null = null;
let updateWaiting = false;
let lastUpdateCheck = 0;
const listeners = new Set<() => void>();
/** Browsers look for a new worker on page loads; an app left open checks again when it comes back to view. */
const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;

export function serviceWorkerSupported(): boolean {
  return typeof navigator !== "undefined" && "serviceWorker" in navigator;
}

/** Registers /sw.js once (later calls get the same promise); undefined where workers are not supported. */
export function startServiceWorker(): Promise<ServiceWorkerRegistration | undefined> {
  if (registered) return registered;
  if (!serviceWorkerSupported()) return (registered = Promise.resolve(undefined));
  registered = register().catch(() => undefined);
  return registered;
}

async function register(): Promise<ServiceWorkerRegistration | undefined> {
  // Loaded only in the browser and after the page: the server cannot import its browser build, and the
  // first paint does not wait for it.
  const { Workbox } = await import("workbox-window");
  workbox = new Workbox("/sw.js", { scope: "/" });
  // Also fired at load when a new worker was already waiting (installed by another tab or an earlier visit).
  workbox.addEventListener("waiting", () => {
    updateWaiting = true;
    listeners.forEach((listener) => listener());
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible" || Date.now() - lastUpdateCheck < UPDATE_CHECK_INTERVAL_MS) return;
    lastUpdateCheck = Date.now();
    workbox?.update().catch(() => undefined);
  });
  lastUpdateCheck = Date.now();
  return workbox.register();
}

/** The active worker's registration (Web Push subscribes through it). */
export async function activeServiceWorker(): Promise<ServiceWorkerRegistration> {
  await startServiceWorker();
  return navigator.serviceWorker.ready;
}

export function subscribeToUpdate(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const isUpdateWaiting = () => updateWaiting;

/**
 * Lets the waiting worker take over, then reloads this tab once it controls it. When another tab already
 * did (nothing waits any more), this tab only reloads.
 */
export async function applyUpdate(): Promise<void> {
  const registration = await startServiceWorker();
  if (!registration?.waiting) return window.location.reload();
  navigator.serviceWorker.addEventListener("controllerchange", () => window.location.reload(), { once: true });
  workbox?.messageSkipWaiting();
}
