import { ECDH } from "node:crypto";
import { z } from "zod";
import * as m from "../../../shared/paraglide/messages/_index.js";

/** Longest endpoint kept (push services' URLs are a few hundred characters; the column's size). */
export const MAX_ENDPOINT_LENGTH = 2048;

/** base64url of exactly `bytes` bytes (browsers' PushSubscription.toJSON() leaves out the padding). */
const base64url = (bytes: number, message: () => string) =>
  z
    .string()
    .trim()
    .max(Math.ceil((bytes * 4) / 3) + 2, { error: message })
    .transform((value, ctx) => {
      const bare = /^([\w-]+)={0,2}$/.exec(value)?.[1];
      if (bare && Buffer.from(bare, "base64url").length === bytes) return bare;
      ctx.addIssue({ code: "custom", message: message() });
      return z.NEVER;
    });

// Endpoint rules that need the environment (https, public host) are the service's (checkEndpoint).
const endpoint = z
  .string()
  .trim()
  .min(1, { error: () => m.input_push_endpointEmpty() })
  .max(MAX_ENDPOINT_LENGTH, { error: () => m.input_push_endpointTooLong() });

/** A browser's PushSubscription as its toJSON() gives it; the key must be a point on P-256. */
export const subscribeInput = z.object({
  endpoint,
  keys: z.object({
    p256dh: base64url(65, () => m.input_push_keyInvalid()).refine((key) => {
      try {
        ECDH.convertKey(Buffer.from(key, "base64url"), "prime256v1");
        return true;
      } catch {
        return false;
      }
    }, { error: () => m.input_push_keyInvalid() }),
    auth: base64url(16, () => m.input_push_authInvalid()),
  }),
});
export type SubscribeInput = z.output<typeof subscribeInput>;

export const unsubscribeInput = z.object({ endpoint });
