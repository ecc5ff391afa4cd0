import { createAccessTokenUsage, type AccessTokenUsage } from "./modules/access-token/usage.ts";
import { createDeviceCookies, type DeviceCookies } from "./modules/auth/device-cookie.ts";
import { createAuth, type Auth } from "./modules/auth/lucia.ts";
import { createRequestGuard, type RequestGuard } from "./modules/auth/request-guard.ts";
import { createConfiguredProvider } from "./modules/chat/providers/configured.ts";
import type { ChatProvider } from "./modules/chat/providers/provider.ts";
import { createChallengeStore, type ChallengeStore } from "./modules/passkey/challenge-store.ts";
import { sendPushToMember, type PushMessage } from "./modules/push/service.ts";
import { publishUnreadCount } from "./modules/live-channels.ts";
import { createSecurityEventThrottle, type SecurityEventThrottle } from "./modules/security/throttle.ts";
import { createWriteLimits, type WriteLimits } from "./modules/security/write-limits.ts";
import { createPlatform, type Platform, type PlatformConnections } from "./platform/platform.ts";

/**
 * The modules' long-lived pieces, each built exactly once per server (per test runtime), on the
 * platform: a request reaches them through its tRPC context (`ctx.auth`, `ctx.aleph`, ...).
 * A module that needs one more singleton adds it here, never a cache keyed by client or env.
 */
export interface AppServices {
  /** Lucia on this database: sessions and their cookies. */
  auth: Auth;
  /** Signs and reads the device cookies that exempt a known browser from the login throttle. */
  deviceCookies: DeviceCookies;
  /** The rate limits, CAPTCHA and device-ban check in front of the anonymous auth forms. */
  requestGuard: RequestGuard;
  /** The AI provider ALEPH_PROVIDER names, behind its one circuit breaker. */
  aleph: ChatProvider;
  /** The per-member write limits (protectedProcedure's middleware). */
  writeLimits: WriteLimits;
  /** Per-token rate limits and hourly call tallies of personal access tokens. */
  accessTokenUsage: AccessTokenUsage;
  /** Bounds the security-event rows anonymous requests can write. */
  securityThrottle: SecurityEventThrottle;
  /** The WebAuthn challenges handed out and not yet answered. */
  passkeyChallenges: ChallengeStore;
  /** Web Push to every browser a member subscribed (the notification jobs call it). */
  sendPush(userId: number, message: PushMessage): Promise<void>;
  /** A member's unread notification count, to their open pages (the live bus's `me` channel). */
  publishUnread(userId: number, unread: number): Promise<void>;
}

/** Everything a server process runs on: the platform and the module singletons built on it. */
export type Runtime = Platform & AppServices;

export function createAppServices(platform: Platform): AppServices {
  const securityThrottle = createSecurityEventThrottle(platform.rateLimitStore);
  return {
    auth: createAuth(platform.prisma, platform.env),
    deviceCookies: createDeviceCookies(platform.env),
    requestGuard: createRequestGuard(platform, securityThrottle),
    aleph: createConfiguredProvider(platform.env),
    writeLimits: createWriteLimits(platform),
    accessTokenUsage: createAccessTokenUsage(platform),
    securityThrottle,
    passkeyChallenges: createChallengeStore(platform.redis),
    sendPush: (userId, message) => sendPushToMember(platform, userId, message),
    publishUnread: (userId, unread) => publishUnreadCount(platform, userId, unread),
  };
}

/** The one way a runtime is built: by server/main.ts at start, and by the test helpers. */
export function createRuntime(connections: PlatformConnections): Runtime {
  const platform = createPlatform(connections);
  return { ...platform, ...createAppServices(platform) };
}
