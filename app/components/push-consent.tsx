import { useEffect, useState } from "react";
import { FormAlert, primaryButtonClass, secondaryButtonClass } from "~/components/form-fields.tsx";
import { clientErrorMessage } from "~/lib/client-error.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { type Message } from "~/lib/locale.ts";
import { activeServiceWorker } from "~/lib/service-worker.ts";
import { useTRPCClient, withApi } from "~/lib/trpc.tsx";

/** checking: before the first look (also the server render); the rest is what this browser can do now. */
type PushState = "checking" | "unsupported" | "denied" | "off" | "on";

function pushSupported(): boolean {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

/** The VAPID key as PushManager.subscribe wants it (bytes, not base64url). */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "=")), (char) => char.charCodeAt(0));
}

async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration("/");
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/**
 * Web Push on this browser: asks for permission only when the member presses the button,
 * waits for the site's service worker (app/lib/service-worker.ts), subscribes with the server's VAPID
 * key and hands the subscription to push.subscribe; turning off ends it on both sides.
 */
function PushConsentInner() {
  const client = useTRPCClient();
  const [state, setState] = useState<PushState>("checking");
  const [busy, setBusy] = useState(false);
  const [devices, setDevices] = useState<number | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      if (!pushSupported()) return "unsupported" as const;
      if (Notification.permission === "denied") return "denied" as const;
      return Notification.permission === "granted" && (await currentSubscription()) ? ("on" as const) : ("off" as const);
    })()
      .catch(() => "off" as const)
      .then((found) => live && setState(found));
    return () => {
      live = false;
    };
  }, []);

  async function run(step: () => Promise<void>) {
    setBusy(true);
    setMessage(null);
    try {
      await step();
    } catch (error) {
      // The browser's own refusals (no push service reachable) are DOMExceptions, not API errors.
      setMessage({ tone: "error", text: error instanceof DOMException ? m.push_failed() : clientErrorMessage(error) });
    } finally {
      setBusy(false);
    }
  }

  const enable = () =>
    run(async () => {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        if (permission === "denied") setState("denied");
        else setMessage({ tone: "error", text: m.push_dismissed() });
        return;
      }
      const { publicKey } = await client.push.vapidPublicKey.query();
      const registration = await activeServiceWorker();
      const applicationServerKey = keyBytes(publicKey);
      const existing = await registration.pushManager.getSubscription();
      const sameKey = existing?.options.applicationServerKey && new Uint8Array(existing.options.applicationServerKey).join() === applicationServerKey.join();
      // A subscription made with an older server key would be refused by its push service.
      if (existing && !sameKey) await existing.unsubscribe();
      const subscription = sameKey && existing ? existing : await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey });
      const { endpoint, keys } = subscription.toJSON();
      const result = await client.push.subscribe.mutate({ endpoint: endpoint ?? "", keys: { p256dh: keys?.p256dh ?? "", auth: keys?.auth ?? "" } });
      setDevices(result.subscriptions);
      setState("on");
      setMessage({ tone: "success", text: m.push_enabled() });
    });

  const disable = () =>
    run(async () => {
      const subscription = await currentSubscription();
      if (subscription) {
        // The server first: if it fails, the browser keeps its subscription and the button stays.
        const result = await client.push.unsubscribe.mutate({ endpoint: subscription.endpoint });
        setDevices(result.subscriptions);
        await subscription.unsubscribe();
      }
      setState("off");
      setMessage({ tone: "success", text: m.push_disabled() });
    });

  const notice: Record<PushState, Message> = {
    checking: m.push_checking,
    unsupported: m.push_unsupported,
    denied: m.push_denied,
    off: m.push_off,
    on: m.push_on,
  };

  return (
    <div className="space-y-3" data-state={state}>
      <p className="text-sm text-slate-700 dark:text-slate-300" role="status">
        {notice[state]()}
        {devices !== null && ` ${m.push_devices({ count: devices })}`}
      </p>
      {message && <FormAlert tone={message.tone}>{message.text}</FormAlert>}
      {state === "off" && (
        <button type="button" onClick={enable} disabled={busy} className={`${primaryButtonClass} w-full sm:w-auto`}>
          {busy ? m.push_working() : m.push_enable()}
        </button>
      )}
      {state === "on" && (
        <button type="button" onClick={disable} disabled={busy} className={`${secondaryButtonClass} w-full sm:w-auto`}>
          {busy ? m.push_working() : m.push_disable()}
        </button>
      )}
    </div>
  );
}

/** With the API hooks' context: the pages around it do not need it. */
export const PushConsent = withApi(PushConsentInner);
