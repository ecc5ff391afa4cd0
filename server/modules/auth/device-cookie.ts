import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { hmacKey } from "../../platform/captcha.ts";
import type { Env } from "../../platform/env.ts";
import { secureCookies } from "./lucia.ts";

/**
 * OWASP "device cookies": a browser that signed in to an account with its password gets a
 * signed cookie naming that account. A later password login to the same account from that
 * browser is not subject to the account's throttle (server/modules/auth/service.ts), so an
 * attacker guessing from elsewhere can slow down new devices, never lock the owner out.
 */
export const DEVICE_COOKIE = "aleph_device";
const MAX_AGE_SECONDS = 180 * 24 * 60 * 60;

const keys = new Map<string, Buffer>();
function keyOf(env: Pick<Env, "CAPTCHA_HMAC_KEY">): Buffer {
  const root = hmacKey(env);
  let key = keys.get(root);
  if (!key) {
    key = createHmac("sha256", root).update("aleph-device-cookie-v1").digest();
    keys.set(root, key);
  }
  return key;
}

const sign = (key: Buffer, body: string) => createHmac("sha256", key).update(body).digest("base64url");

/** A fresh signed value naming `userId`. */
export function issueDeviceCookieValue(env: Pick<Env, "CAPTCHA_HMAC_KEY">, userId: number): string {
  const body = `${userId}.${randomBytes(16).toString("base64url")}`;
  return `${body}.${sign(keyOf(env), body)}`;
}

/** The member a device cookie value was issued for, or null when it is missing, malformed or forged. */
export function deviceCookieUserId(env: Pick<Env, "CAPTCHA_HMAC_KEY">, value: string | null | undefined): number | null {
  if (!value || value.length > 200) return null;
  const parts = value.split(".");
  if (parts.length !== 3 || !/^\d{1,10}$/.test(parts[0] ?? "")) return null;
  const body = `${parts[0]}.${parts[1]}`;
  const expected = Buffer.from(sign(keyOf(env), body));
  const given = Buffer.from(parts[2] ?? "");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return Number(parts[0]);
}

/** The device cookie's value in a Cookie header, if any. */
export function deviceCookieFrom(cookieHeader: string | null | undefined): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === DEVICE_COOKIE) return rest.join("=");
  }
  return null;
}

/** The Set-Cookie value: HttpOnly, SameSite=Lax, Secure where the session cookie is. */
export function serializeDeviceCookie(value: string, secure: boolean): string {
  return `${DEVICE_COOKIE}=${value}; Path=/; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/**
 * The Set-Cookie for a browser that just completed a sign-in to `userId` (password and, when
 * on, second factor: a password alone must not buy a way around the throttle).
 */
export function deviceCookieFor(env: Pick<Env, "CAPTCHA_HMAC_KEY" | "APP_URL" | "NODE_ENV">, userId: number): string {
  return serializeDeviceCookie(issueDeviceCookieValue(env, userId), secureCookies(env));
}
