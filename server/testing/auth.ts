import { DEVICE_COOKIE } from "../modules/auth/device-cookie.ts";
import { SESSION_COOKIE } from "../modules/auth/lucia.ts";
import { solveChallenge } from "altcha-lib";
import type { Prisma } from "../platform/db/postgres.ts";
import type { Redis } from "../platform/redis.ts";
import { requestCallers } from "./request-caller.ts";

export interface TestRequest {
  /** `Cookie` header, e.g. the session cookie a previous call set. */
  cookie?: string;
  ip?: string;
  headers?: Record<string, string>;
}

/**
 * One request at a time, as a browser at `ip` sends it (server/testing/request-caller.ts),
 * with what the response carried: cookies, other headers, and the session cookie for the next
 * request. The request chain (CAPTCHA, rate limits) follows `env`: both off unless turned on.
 */
export function browserRequests(prisma: Prisma, env: Record<string, string> = {}, redis: Redis | null = null) {
  const callers = requestCallers(prisma, { CAPTCHA_ENABLED: "false", RATE_LIMIT_ENABLED: "false", ...env }, redis);
  return async function callAs({ cookie, ip, headers = {} }: TestRequest = {}) {
    const cookies: string[] = [];
    const responseHeaders = new Map<string, string>();
    const caller = await callers.call({ ...headers, ...(cookie ? { cookie } : {}) }, cookies, { ip, responseHeaders });
    // The caller is a proxy that reads every property as a procedure path: hand out its namespaces.
    return {
      auth: caller.auth,
      user: caller.user,
      cookies,
      responseHeaders,
      /** The session cookie this call set, as a `Cookie` header for the next one. */
      sessionCookie: () => cookies.findLast((value) => value.startsWith(`${SESSION_COOKIE}=`))?.split(";")[0] ?? "",
      /** The device cookie this call set (a successful password login), as a `Cookie` header. */
      deviceCookie: () => cookies.findLast((value) => value.startsWith(`${DEVICE_COOKIE}=`))?.split(";")[0] ?? "",
    };
  };
}

/** What a browser's ALTCHA widget submits: the challenge solved by brute force, base64 JSON. */
export async function solveCaptcha(challenge: { algorithm: string; challenge: string; maxnumber?: number; salt: string; signature: string } | null) {
  if (!challenge) throw new Error("the CAPTCHA is off: no challenge to solve");
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
  if (!solution) throw new Error("CAPTCHA challenge not solvable");
  const payload = { algorithm: challenge.algorithm, challenge: challenge.challenge, number: solution.number, salt: challenge.salt, signature: challenge.signature };
  return Buffer.from(JSON.stringify(payload)).toString("base64");
}
