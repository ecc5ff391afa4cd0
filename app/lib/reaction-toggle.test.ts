import { describe, expect, it } from "vitest";
import { toggledSummary } from "./reaction-toggle.ts";

const summary = (counts: Partial<Record<"like" | "love" | "fire" | "sad" | "laugh", number>>, mine: "like" | "love" | null) => {
  const full = { like: 0, love: 0, fire: 0, sad: 0, laugh: 0, ...counts };
  return { counts: full, total: Object.values(full).reduce((a, b) => a + b, 0), mine };
};

describe("toggledSummary (the optimistic update)", () => {
  it("adds, changes and removes my reaction like the server does", () => {
    expect(toggledSummary(summary({ like: 2 }, null), "like")).toEqual(summary({ like: 3 }, "like"));
    expect(toggledSummary(summary({ like: 3 }, "like"), "love")).toEqual(summary({ like: 2, love: 1 }, "love"));
    expect(toggledSummary(summary({ like: 2, love: 1 }, "love"), "love")).toEqual(summary({ like: 2 }, null));
  });

  it("never shows a negative count", () => {
    expect(toggledSummary(summary({}, "like"), "like").counts.like).toBe(0);
  });
});
