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

/** Signs and reads device cookies; built once per server by createAppServices, reached as `ctx.deviceCookies`. */
export interface DeviceCookies {
  /**
   * The Set-Cookie naming `userId`, for a browser that just completed a sign-in (password and,
   * when on, second factor: a password alone must not buy a way around the throttle).
   */
  issue(userId: number): string;
  /** The member a device cookie value was issued for, or null when it is missing, malformed or forged. */
  userIdOf(value: string | null | undefined): number | null;
}

const sign = (key: Buffer, body: string) => createHmac("sha256", key).update(body).digest("base64url");

export function createDeviceCookies(env: Pick<Env, "CAPTCHA_HMAC_KEY" | "APP_URL" | "NODE_ENV">): DeviceCookies {
  const key = createHmac("sha256", hmacKey(env)).update("aleph-device-cookie-v1").digest();
  const secure = secureCookies(env);
  return {
    issue(userId) {
      const body = `${userId}.${randomBytes(16).toString("base64url")}`;
      return serializeDeviceCookie(`${body}.${sign(key, body)}`, secure);
    },
    userIdOf(value) {
      if (!value || value.length > 200) return null;
      const parts = value.split(".");
      if (parts.length !== 3 || !/^\d{1,10}$/.test(parts[0] ?? "")) return null;
      const body = `${parts[0]}.${parts[1]}`;
      const expected = Buffer.from(sign(key, body));
      const given = Buffer.from(parts[2] ?? "");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      return Number(parts[0]);
    },
  };
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
