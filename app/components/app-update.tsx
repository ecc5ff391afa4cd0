import { useEffect, useState, useSyncExternalStore } from "react";
import { primaryButtonClass } from "~/components/form-fields.tsx";
import * as m from "../../shared/paraglide/messages/_index.js";
import { applyUpdate, isUpdateWaiting, startServiceWorker, subscribeToUpdate } from "~/lib/service-worker.ts";

/** Registers the service worker and offers "a new version is available - reload" when one waits. */
export function AppUpdate() {
  const waiting = useSyncExternalStore(subscribeToUpdate, isUpdateWaiting, () => false);
  const [reloading, setReloading] = useState(false);

  useEffect(() => {
    void startServiceWorker();
  }, []);

  return (
    // Always present, so a screen reader announces the notice when it appears (a live region, not a
    // role="status": pages keep that role for their own one message).
    <div aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-0 z-40 flex justify-center p-4">
      {waiting && (
        <div className="pointer-events-auto flex w-full max-w-md flex-wrap items-center justify-between gap-3 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900">
          <p>{m.pwa_updateReady()}</p>
          <button
            type="button"
            className={primaryButtonClass}
            disabled={reloading}
            onClick={() => {
              setReloading(true);
              void applyUpdate();
            }}
          >
            {reloading ? m.pwa_reloading() : m.pwa_reload()}
          </button>
        </div>
      )}
    </div>
  );
}
