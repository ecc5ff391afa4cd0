import { describe, expect, it } from "vitest";
import { createSecurityEventThrottle } from "./throttle.ts";

describe("security event throttle", () => {
  it("allows a few rows per source and a bounded number from all sources together", async () => {
    const throttle = createSecurityEventThrottle({
      redis: null,
      keyPrefix: `test:${process.pid}:${Math.random()}`,
      limits: { perSource: { points: 2, durationSeconds: 60 }, overall: { points: 5, durationSeconds: 60 } },
    });
    const one = await Promise.all(Array.from({ length: 20 }, () => throttle.allow("payment_signature_invalid", "198.51.100.1")));
    expect(one.filter(Boolean)).toHaveLength(2);
    // Rotating addresses does not help past the overall cap.
    const many = await Promise.all(Array.from({ length: 50 }, (_, i) => throttle.allow("payment_signature_invalid", `203.0.113.${i}`)));
    expect(many.filter(Boolean)).toHaveLength(3);
    // Another event type has counts of its own.
    expect(await throttle.allow("device_banned_attempt", "198.51.100.1")).toBe(true);
  });
});
