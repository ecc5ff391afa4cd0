import { describe, expect, it } from "vitest";
import {
  ConflictError,
  InsufficientFundsError,
  NotFoundError,
  RateLimitedError,
  UnavailableError,
} from "../platform/errors.ts";
import type { Context } from "./context.ts";
import { createCallerFactory, publicProcedure, router } from "./init.ts";

/** A router whose procedures fail the way services do, reached through the real procedure builder. */
const failing = router({
  missing: publicProcedure.query(() => {
    throw new NotFoundError("Thread tidak ditemukan.");
  }),
  poor: publicProcedure.mutation(() => {
    throw new InsufficientFundsError("Token tidak cukup.", 10, 3);
  }),
  busy: publicProcedure.mutation(() => {
    throw new RateLimitedError(42);
  }),
  down: publicProcedure.query(() => {
    throw new UnavailableError("Basis data sedang tidak tersedia.", 5);
  }),
  clash: publicProcedure.mutation(async () => {
    await Promise.resolve();
    throw new ConflictError("Sudah diproses.");
  }),
  broken: publicProcedure.query(() => {
    throw new Error("a bug");
  }),
});

function callerWithHeaders() {
  const headers = new Map<string, string>();
  const ctx = { request: { setHeader: (name: string, value: string) => headers.set(name, value) } } as unknown as Context;
  return { caller: createCallerFactory(failing)(ctx), headers };
}

describe("domain errors leave as one tRPC code each", () => {
  it("maps each kind to its code and keeps the message", async () => {
    const { caller } = callerWithHeaders();
    await expect(caller.missing()).rejects.toMatchObject({ code: "NOT_FOUND", message: "Thread tidak ditemukan." });
    await expect(caller.poor()).rejects.toMatchObject({ code: "PAYMENT_REQUIRED", message: "Token tidak cukup." });
    await expect(caller.clash()).rejects.toMatchObject({ code: "CONFLICT", message: "Sudah diproses." });
    await expect(caller.down()).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
  });

  it("tells a rate-limited caller when to come back", async () => {
    const { caller, headers } = callerWithHeaders();
    await expect(caller.busy()).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS", message: "Terlalu banyak percobaan. Coba lagi dalam 42 detik." });
    expect(headers.get("Retry-After")).toBe("42");
  });

  it("leaves anything else an internal error", async () => {
    const { caller } = callerWithHeaders();
    await expect(caller.broken()).rejects.toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
  });
});
