import { describe, expect, it } from "vitest";
import { checkReadiness } from "./health.ts";

describe("checkReadiness", () => {
  it("is ready when every check passes", async () => {
    const report = await checkReadiness([{ name: "a", check: async () => {} }], 100);
    expect(report.ok).toBe(true);
    expect(report.checks.a?.ok).toBe(true);
  });

  it("names the failing and the hanging dependency, within the timeout", async () => {
    const started = Date.now();
    const report = await checkReadiness(
      [
        { name: "postgresql", check: async () => {} },
        { name: "mongodb", check: () => new Promise(() => {}) },
        { name: "other", check: async () => Promise.reject(new Error("connection refused")) },
      ],
      150,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(report.ok).toBe(false);
    expect(report.checks.postgresql?.ok).toBe(true);
    expect(report.checks.mongodb).toMatchObject({ ok: false, error: "mongodb did not answer within 150 ms" });
    expect(report.checks.other).toMatchObject({ ok: false, error: "connection refused" });
  });
});
