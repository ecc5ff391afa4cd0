import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { Redis } from "../../platform/redis.ts";

/** What a WebAuthn challenge was issued for: adding a passkey to one member, or signing in. */
export type ChallengePurpose = { kind: "register"; userId: number } | { kind: "login" };

/** How long a browser has to answer a challenge (the WebAuthn prompt itself times out at 60 s). */
export const CHALLENGE_TTL_MS = 5 * 60_000;

export interface ChallengeStore {
  remember(challenge: string, purpose: ChallengePurpose): Promise<void>;
  /** The purpose a live challenge was issued for, deleting it; null when unknown, used or expired. */
  take(challenge: string): Promise<ChallengePurpose | null>;
}

/**
 * Challenges are stored server-side under the SHA-256 of the challenge itself: the browser
 * echoes it back inside the signed clientDataJSON, so no extra cookie is needed to find it,
 * and a program using the API works the same way. Taking one deletes it, so each is single-use.
 */
function keyOf(challenge: string): string {
  return `webauthn:challenge:${createHash("sha256").update(challenge).digest("base64url")}`;
}

/**
 * The WebAuthn challenges of one server, in Redis when there is one: built once by
 * createAppServices (server/app-services.ts) and reached as `ctx.passkeyChallenges`.
 */
export function createChallengeStore(redis: Redis | null): ChallengeStore {
  // Without Redis (or while it is unreachable) the challenges live in this process; the bound
  // keeps a flood of option requests from growing memory without limit.
  const memory = new LRUCache<string, string>({ max: 10_000, ttl: CHALLENGE_TTL_MS });
  return {
    async remember(challenge, purpose) {
      const value = JSON.stringify(purpose);
      if (redis) {
        try {
          await redis.set(keyOf(challenge), value, "PX", CHALLENGE_TTL_MS);
          return;
        } catch {
          // Redis unreachable: this process remembers it, so passkeys keep working through the outage.
        }
      }
      memory.set(keyOf(challenge), value);
    },
    async take(challenge) {
      const key = keyOf(challenge);
      let value: string | null | undefined;
      if (redis) value = await redis.getdel(key).catch(() => null);
      // Issued without Redis, or while it was unreachable.
      if (!value) {
        value = memory.get(key);
        memory.delete(key);
      }
      return value ? (JSON.parse(value) as ChallengePurpose) : null;
    },
  };
}
