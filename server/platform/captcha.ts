import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createChallenge, verifySolution } from "altcha-lib";
import type { Challenge } from "altcha-lib/types";
import { dataDir, type Env } from "./env.ts";
import type { Redis } from "./redis.ts";

/** How long a challenge may be solved and spent, and how hard it is (well under a second in a phone). */
const CHALLENGE_TTL_SECONDS = 10 * 60;
const MAX_NUMBER = 50_000;

export type CaptchaVerdict = "ok" | "missing" | "invalid" | "reused";

export interface Captcha {
  /** A signed proof-of-work challenge for the ALTCHA widget. */
  challenge(): Promise<Challenge>;
  /** Checks a solution (the widget's base64 payload) and spends it: each works once. */
  verify(payload: string | undefined): Promise<CaptchaVerdict>;
}

/**
 * The HMAC key signing challenges: CAPTCHA_HMAC_KEY, or one generated at first start and kept
 * in the data folder so restarts do not invalidate challenges already handed out. Also the root
 * of the device-cookie key (server/modules/auth/device-cookie.ts).
 */
export function hmacKey(env: Pick<Env, "CAPTCHA_HMAC_KEY">): string {
  if (env.CAPTCHA_HMAC_KEY) return env.CAPTCHA_HMAC_KEY;
  const file = path.join(dataDir(), "captcha-hmac-key");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    const key = randomBytes(32).toString("base64url");
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, key, { mode: 0o600, flag: "wx" });
    } catch {
      // Another process wrote it first (read that one), or the folder is read-only (keep ours).
      try {
        return readFileSync(file, "utf8").trim();
      } catch {
        return key;
      }
    }
    return key;
  }
}

/** Remembers spent solutions until their challenge expires: in Redis when there is one. */
function spentStore(redis: Redis | null, keyPrefix: string) {
  const spent = new Map<string, number>();
  return {
    /** True the first time a signature is spent, false ever after. */
    async spend(signature: string): Promise<boolean> {
      if (redis) {
        try {
          const result = await redis.set(`${keyPrefix}:captcha:${signature}`, "1", "EX", CHALLENGE_TTL_SECONDS, "NX");
          return result === "OK";
        } catch {
          // Redis unreachable: this process's memory still stops replays sent to it.
        }
      }
      const now = Date.now();
      for (const [key, expiry] of spent) if (expiry <= now) spent.delete(key);
      if (spent.has(signature)) return false;
      spent.set(signature, now + CHALLENGE_TTL_SECONDS * 1000);
      return true;
    },
  };
}

export function createCaptcha(env: Pick<Env, "CAPTCHA_HMAC_KEY">, options: { redis: Redis | null; keyPrefix: string }): Captcha {
  const key = hmacKey(env);
  const store = spentStore(options.redis, options.keyPrefix);
  return {
    challenge: () =>
      createChallenge({ hmacKey: key, maxNumber: MAX_NUMBER, expires: new Date(Date.now() + CHALLENGE_TTL_SECONDS * 1000) }),
    async verify(payload) {
      if (!payload) return "missing";
      let signature: unknown;
      try {
        signature = (JSON.parse(Buffer.from(payload, "base64").toString("utf8")) as { signature?: unknown }).signature;
      } catch {
        return "invalid";
      }
      if (typeof signature !== "string" || !(await verifySolution(payload, key, true).catch(() => false))) return "invalid";
      return (await store.spend(signature)) ? "ok" : "reused";
    },
  };
}
