import type { Captcha } from "../../platform/captcha.ts";
import { ForbiddenError, InvalidError } from "../../platform/errors.ts";
import type { Platform } from "../../platform/platform.ts";
import type { RateLimiter, RateLimitRule } from "../../platform/rate-limit.ts";
import type { Context } from "../../trpc/context.ts";
import { isDeviceBanned } from "../moderation/service.ts";
import { recordThrottledSecurityEvent, type SecurityEventThrottle } from "../security/throttle.ts";
import type { ClientInfo } from "./service.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/** The anonymous auth forms and mails the request chain protects. */
export type GuardedAction =
  | "register"
  | "login"
  | "passkeyOptions"
  | "passkeyLogin"
  | "passwordReset"
  | "verificationResend"
  | "adminLogin"
  | "adminSetup";

const MINUTE = 60;

/** Attempts per window, per IP address and per account (email, username or member id). */
export const RATE_LIMIT_RULES: Record<GuardedAction, { ip: RateLimitRule; account?: RateLimitRule }> = {
  login: { ip: { points: 30, durationSeconds: 15 * MINUTE }, account: { points: 10, durationSeconds: 15 * MINUTE } },
  // A passkey cannot be guessed: the limit only keeps floods of forged assertions off the server.
  passkeyLogin: { ip: { points: 30, durationSeconds: 15 * MINUTE } },
  // Each challenge is kept server-side for five minutes: anonymous callers must not fill the store.
  passkeyOptions: { ip: { points: 60, durationSeconds: 15 * MINUTE } },
  register: { ip: { points: 10, durationSeconds: 60 * MINUTE } },
  passwordReset: { ip: { points: 10, durationSeconds: 15 * MINUTE }, account: { points: 3, durationSeconds: 60 * MINUTE } },
  verificationResend: { ip: { points: 10, durationSeconds: 60 * MINUTE }, account: { points: 3, durationSeconds: 15 * MINUTE } },
  // The admin sign-in (password and code steps; the account is the email, then the admin id).
  adminLogin: { ip: { points: 20, durationSeconds: 15 * MINUTE }, account: { points: 10, durationSeconds: 15 * MINUTE } },
  // A setup link's token cannot be guessed; the limit keeps guesses at its code and floods off.
  adminSetup: { ip: { points: 20, durationSeconds: 15 * MINUTE } },
};

const CAPTCHA_ACTIONS = new Set<GuardedAction>(["register", "login", "passwordReset"]);
const DEVICE_BAN_ACTIONS = new Set<GuardedAction>(["register", "login", "passkeyLogin"]);

export interface RequestGuard {
  limiters: Record<GuardedAction, { ip: RateLimiter; account: RateLimiter | null }>;
  captcha: Captcha;
  /** Bounds the rows anonymous refusals (a banned device knocking) write, rate limits on or off. */
  securityEvents: SecurityEventThrottle;
}

/**
 * One set of counters and spent CAPTCHA solutions per server: built once by createAppServices
 * (server/app-services.ts) and reached as `ctx.requestGuard`.
 */
export function createRequestGuard(
  platform: Pick<Platform, "rateLimiter" | "captcha">,
  securityEvents: SecurityEventThrottle,
): RequestGuard {
  const limiters = Object.fromEntries(
    Object.entries(RATE_LIMIT_RULES).map(([action, rules]) => [
      action,
      {
        ip: platform.rateLimiter(`${action}:ip`, rules.ip),
        account: rules.account ? platform.rateLimiter(`${action}:account`, rules.account) : null,
      },
    ]),
  ) as RequestGuard["limiters"];
  return { limiters, captcha: platform.captcha, securityEvents };
}

/** Over a limit: the limiter's RateLimitedError (platform/errors.ts), whose default message and retryAfterSeconds the mapper answers (429 + Retry-After). */
async function enforceRateLimits(ctx: Context, chain: RequestGuard, action: GuardedAction, account: string | null) {
  const limiters = chain.limiters[action];
  await limiters.ip.consume(ctx.client.ipAddress ?? "unknown");
  if (limiters.account && account) await limiters.account.consume(account.toLowerCase());
}

const CAPTCHA_MESSAGES = {
  missing: () => m.error_captcha_missing(),
  invalid: () => m.error_captcha_invalid(),
  reused: () => m.error_captcha_reused(),
} as const;

export interface GuardInput {
  captcha?: string | undefined;
  deviceFingerprint?: string | undefined;
  /** The account the attempt is about, for the per-account limit. */
  account?: string | null;
}

/**
 * The request chain in front of an anonymous auth form, each layer with its own error:
 * rate limits (RateLimitedError: 429 with Retry-After), CAPTCHA (InvalidError), device ban (ForbiddenError). Returns who is
 * asking, with the fingerprint a form post carried in its body when the header was absent.
 */
export async function guardAuthRequest(ctx: Context, action: GuardedAction, input: GuardInput): Promise<ClientInfo> {
  const client: ClientInfo = { ...ctx.client, deviceFingerprint: ctx.client.deviceFingerprint ?? (input.deviceFingerprint || null) };
  const chain = ctx.requestGuard;
  if (ctx.env.RATE_LIMIT_ENABLED) await enforceRateLimits(ctx, chain, action, input.account ?? null);
  if (ctx.env.CAPTCHA_ENABLED && CAPTCHA_ACTIONS.has(action)) {
    const verdict = await chain.captcha.verify(input.captcha || undefined);
    if (verdict !== "ok") throw new InvalidError(CAPTCHA_MESSAGES[verdict]());
  }
  if (DEVICE_BAN_ACTIONS.has(action) && client.deviceFingerprint && (await isDeviceBanned(client.deviceFingerprint))) {
    await recordThrottledSecurityEvent(ctx.prisma, chain.securityEvents, {
      eventType: "device_banned_attempt",
      ...client,
      metadata: { action, fingerprint: client.deviceFingerprint, account: input.account ?? null },
    });
    throw new ForbiddenError(m.error_auth_deviceBanned());
  }
  return client;
}
