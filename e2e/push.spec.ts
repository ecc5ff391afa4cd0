import { expect, test, type Page } from "@playwright/test";
import { baseURL } from "../playwright.config.ts";
import { signUpThroughApi } from "./support/members.ts";

/*
 * What this proves and what it cannot. This Chromium has no internet: PushManager.subscribe
 * needs Google's push service (FCM), so in a normal context it answers "permission denied" and in
 * a persistent one it hangs. The page's PushManager.subscribe/getSubscription are therefore
 * replaced (init script below) by a stand-in returning a subscription of the same shape, with a real
 * P-256 key and auth secret made by WebCrypto; everything around it is real: the permission asked
 * only on the click, /sw.js registered, the server's VAPID key passed as applicationServerKey, the
 * subscription stored by push.subscribe and removed by push.unsubscribe. That the server encrypts
 * and signs correctly for such a subscription is server/modules/push/service.test.ts's job (a push
 * service of the protocol). Delivery uses DevTools' ServiceWorker.deliverPushMessage, which runs the
 * real worker's push handler; the click is a NotificationEvent dispatched inside the real worker
 * (headless Chromium has no notification to click), so the browser's own rule that a click may
 * focus or open a window is not exercised.
 */
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const stub = window as unknown as { permissionRequests: number; subscribedWith: string | null };
    stub.permissionRequests = 0;
    stub.subscribedWith = null;
    const request = Notification.requestPermission.bind(Notification);
    Notification.requestPermission = () => {
      stub.permissionRequests += 1;
      return request();
    };
    let current: PushSubscription | null = null;
    const base64url = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/={1,2}$/, "");
    PushManager.prototype.getSubscription = async () => current;
    PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
      const key = options?.applicationServerKey as Uint8Array;
      stub.subscribedWith = base64url(key.buffer as ArrayBuffer);
      const pair = await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]);
      const p256dh = base64url(await crypto.subtle.exportKey("raw", pair.publicKey));
      const auth = base64url(crypto.getRandomValues(new Uint8Array(16)).buffer);
      const endpoint = `https://push.example.test/send/${crypto.randomUUID()}`;
      current = {
        endpoint,
        options: { applicationServerKey: key.buffer, userVisibleOnly: true },
        toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh, auth } }),
        unsubscribe: async () => {
          current = null;
          return true;
        },
      } as unknown as PushSubscription;
      return current;
    };
  });
});

async function pushStatus(page: Page): Promise<number> {
  const response = await page.request.get("/api/trpc/push.status");
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { result: { data: { json: { subscriptions: number } } } }).result.data.json.subscriptions;
}

test("/sw.js is served fresh, as JavaScript, under the site's CSP", async ({ request }) => {
  const response = await request.get("/sw.js");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-cache");
  expect(response.headers()["content-type"]).toContain("javascript");
  expect(response.headers()["content-security-policy"]).toContain("worker-src 'self'");
});

test("allow notifications on this device: asked only on the click, subscribed, stored, turned off", async ({ page, context }) => {
  await signUpThroughApi(page, baseURL, "dorong");
  await context.grantPermissions(["notifications"], { origin: baseURL });
  await page.goto("/pengaturan/notifikasi");
  const panel = page.locator("#push-consent");
  await expect(panel.getByRole("status").first()).toHaveText("Notifikasi belum aktif di perangkat ini.");
  expect(await page.evaluate(() => (window as unknown as { permissionRequests: number }).permissionRequests)).toBe(0);
  expect(await pushStatus(page)).toBe(0);

  // A phone's width, and the keyboard alone.
  await page.setViewportSize({ width: 412, height: 900 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(412);
  await panel.getByRole("button", { name: "Izinkan notifikasi di perangkat ini" }).focus();
  await page.keyboard.press("Enter");
  await expect(panel.getByText("Notifikasi diaktifkan di perangkat ini.")).toBeVisible();
  await expect(panel.getByRole("status").first()).toHaveText("Notifikasi aktif di perangkat ini. Akunmu menerima notifikasi di 1 perangkat.");
  expect(await page.evaluate(() => (window as unknown as { permissionRequests: number }).permissionRequests)).toBe(1);
  const { publicKey } = ((await (await page.request.get("/api/trpc/push.vapidPublicKey")).json()) as { result: { data: { json: { publicKey: string } } } })
    .result.data.json;
  expect(await page.evaluate(() => (window as unknown as { subscribedWith: string }).subscribedWith)).toBe(publicKey);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration("/"))?.active?.scriptURL)).toBe(`${baseURL}/sw.js`);
  expect(await pushStatus(page)).toBe(1);

  await panel.getByRole("button", { name: "Matikan notifikasi di perangkat ini" }).click();
  await expect(panel.getByText("Notifikasi dimatikan di perangkat ini.")).toBeVisible();
  await expect(panel.getByRole("button", { name: "Izinkan notifikasi di perangkat ini" })).toBeVisible();
  expect(await pushStatus(page)).toBe(0);
});

test("a blocked site says so, without a button that cannot work", async ({ page }) => {
  await signUpThroughApi(page, baseURL, "blokir");
  await page.addInitScript(() => Object.defineProperty(Notification, "permission", { get: () => "denied" }));
  await page.goto("/pengaturan/notifikasi");
  const panel = page.locator("#push-consent");
  await expect(panel).toContainText("Notifikasi diblokir untuk situs ini.");
  await expect(panel.getByRole("button")).toHaveCount(0);
});

test("a push shows its notification, and its click opens the thread on this site only", async ({ page, context }) => {
  await signUpThroughApi(page, baseURL, "klik");
  await context.grantPermissions(["notifications"], { origin: baseURL });
  await page.goto("/pengaturan/notifikasi");
  await page.locator("#push-consent").getByRole("button", { name: "Izinkan notifikasi di perangkat ini" }).click();
  await expect(page.locator("#push-consent").getByText("Notifikasi diaktifkan di perangkat ini.")).toBeVisible();

  const cdp = await context.newCDPSession(page);
  const registrationId = new Promise<string>((resolve) => {
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const ours = registrations.find((registration) => registration.scopeURL === `${baseURL}/`);
      if (ours) resolve(ours.registrationId);
    });
  });
  await cdp.send("ServiceWorker.enable");
  const deliver = async (payload: object) =>
    cdp.send("ServiceWorker.deliverPushMessage", { origin: baseURL, registrationId: await registrationId, data: JSON.stringify(payload) });
  const shown = (tag: string) =>
    page.evaluate(async (wanted) => {
      const registration = await navigator.serviceWorker.ready;
      return (await registration.getNotifications({ tag: wanted })).map((n) => ({ title: n.title, body: n.body, url: (n.data as { url: string }).url }));
    }, tag);

  // A push CDP hands to a worker that is just starting up can be dropped (seen once in about ten
  // runs); the same tag replaces an earlier notification, so delivering again until it shows is safe.
  const pushed = (payload: { tag: string } & Record<string, string>) => async () => {
    await deliver(payload);
    return shown(payload.tag);
  };
  await expect.poll(pushed({ title: "Balasan baru", body: "budi membalas threadmu", url: "/pengaturan/profil#balasan-1", tag: "reply:1" })).toEqual([{ title: "Balasan baru", body: "budi membalas threadmu", url: `${baseURL}/pengaturan/profil#balasan-1` }]);
  // A payload naming another origin (a forged or buggy one) still opens this site.
  await expect.poll(pushed({ title: "Jebakan", body: "", url: "https://evil.example/curi", tag: "evil" })).toEqual([{ title: "Jebakan", body: "", url: `${baseURL}/notifikasi` }]);

  const worker = context.serviceWorkers().find((candidate) => candidate.url() === `${baseURL}/sw.js`) ?? (await context.waitForEvent("serviceworker"));
  // The worker's own choice of target, for what a payload could carry.
  const targets = await worker.evaluate(
    (inputs) => inputs.map((input) => (self as unknown as { notificationTarget(url: unknown, origin: string): string }).notificationTarget(input, self.location.origin)),
    ["/t/1/a#balasan-2", "//evil.example/x", "https://evil.example/", "javascript:alert(1)", "", null, "t/5"],
  );
  expect(targets).toEqual([
    `${baseURL}/t/1/a#balasan-2`,
    `${baseURL}/notifikasi`,
    `${baseURL}/notifikasi`,
    `${baseURL}/notifikasi`,
    `${baseURL}/notifikasi`,
    `${baseURL}/notifikasi`,
    `${baseURL}/t/5`,
  ]);

  // The click handler itself: the open tab of the site goes to the notification's page.
  await worker.evaluate(async () => {
    // The worker's global scope (this project's TypeScript knows only the DOM's types).
    const scope = self as unknown as {
      registration: ServiceWorkerRegistration;
      NotificationEvent: new (type: string, init: { notification: Notification }) => Event;
    };
    const [notification] = await scope.registration.getNotifications({ tag: "reply:1" });
    self.dispatchEvent(new scope.NotificationEvent("notificationclick", { notification: notification! }));
  });
  await expect(page).toHaveURL(`${baseURL}/pengaturan/profil#balasan-1`);
  await expect.poll(() => shown("reply:1")).toEqual([]);
});
