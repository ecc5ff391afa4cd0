import { describe, expect, it } from "vitest";
import {
  currentRequestContext,
  requestContextFromHeaders,
  runWithRequestContext,
  traceparentOf,
} from "./request-context.ts";

describe("request context", () => {
  it("continues a caller's W3C trace with a new span", () => {
    const context = requestContextFromHeaders({
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    });
    expect(context.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(context.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(context.spanId).not.toBe("00f067aa0ba902b7");
    expect(traceparentOf(context)).toBe(`00-${context.traceId}-${context.spanId}-01`);
  });

  it("starts a new trace when the header is missing, malformed or all zeros", () => {
    for (const traceparent of [undefined, "garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"]) {
      const context = requestContextFromHeaders({ traceparent });
      expect(context.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(context.traceId).not.toMatch(/^0+$/);
    }
  });

  it("keeps a well-formed request id and replaces a hostile one", () => {
    expect(requestContextFromHeaders({ requestId: "abc-123" }).requestId).toBe("abc-123");
    const replaced = requestContextFromHeaders({ requestId: "bad id\n{json}" }).requestId;
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("is visible to code running inside the request, and only there", async () => {
    const context = requestContextFromHeaders({});
    await runWithRequestContext(context, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(currentRequestContext()).toBe(context);
    });
    expect(currentRequestContext()).toBeUndefined();
  });
});
