import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { describeError, isTRPCClientError } from "./trpc-error.ts";

describe("isTRPCClientError", () => {
  it("knows tRPC's refusals without instanceof, and nothing else", () => {
    const refusal = new TRPCClientError("Terlalu dalam", { result: { error: { data: { fieldErrors: { content: ["kosong"] } } } } as never });
    expect(isTRPCClientError(refusal)).toBe(true);
    expect(describeError(refusal).message).toBe("Terlalu dalam");
    expect(isTRPCClientError(new Error("TRPCClientError"))).toBe(false);
    expect(isTRPCClientError({ name: "TRPCClientError", message: "a plain object" })).toBe(false);
  });
});
