import { describe, expect, it } from "vitest";
import { canEditReply } from "../reply/policies.ts";
import { canEditThread } from "./policies.ts";

describe("who may change a thread or a reply", () => {
  const member = { id: 7, isAdmin: false };
  const admin = { id: 1, isAdmin: true };

  it("is its author or an admin, nobody else", () => {
    expect(canEditThread({ authorId: 7 }, member)).toBe(true);
    expect(canEditThread({ authorId: 8 }, member)).toBe(false);
    expect(canEditThread({ authorId: 8 }, admin)).toBe(true);
    expect(canEditReply({ userId: 7 }, member)).toBe(true);
    expect(canEditReply({ userId: 8 }, member)).toBe(false);
    expect(canEditReply({ userId: 8 }, admin)).toBe(true);
  });
});
