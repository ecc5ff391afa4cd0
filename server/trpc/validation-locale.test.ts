import { describe, expect, it } from "vitest";
import { z } from "zod";
import { runWithRequestContext, requestContextFromHeaders } from "../platform/request-context.ts";
import "./init.ts";

const messageIn = (acceptLanguage: string | undefined) =>
  runWithRequestContext(requestContextFromHeaders({ acceptLanguage }), () => z.string().min(3).safeParse("a").error!.issues[0]!.message);

describe("validation messages", () => {
  it("speak the request's language, Indonesian by default, with concurrent requests kept apart", async () => {
    const [english, indonesian, none] = await Promise.all([
      Promise.resolve().then(() => messageIn("en-GB")),
      Promise.resolve().then(() => messageIn("id")),
      Promise.resolve().then(() => messageIn(undefined)),
    ]);
    expect(english).toMatch(/too small/i);
    expect(indonesian).not.toBe(english);
    expect(none).toBe(indonesian);
    expect(z.string().min(3).safeParse("a").error!.issues[0]!.message).toBe(indonesian);
  });
});
