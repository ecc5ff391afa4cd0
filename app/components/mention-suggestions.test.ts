import { describe, expect, it } from "vitest";
import { formatRelative } from "~/lib/format.ts";
import { mentionBefore } from "./mention-suggestions.tsx";

describe("mentionBefore (what the reply box looks up)", () => {
  it("finds the name typed after an @ that starts a word, up to the caret", () => {
    expect(mentionBefore("Halo @bu", 8)).toEqual({ start: 5, query: "bu" });
    expect(mentionBefore("@budi.s-x_", 10)).toEqual({ start: 0, query: "budi.s-x_" });
    expect(mentionBefore("(@ana", 5)).toEqual({ start: 1, query: "ana" });
    // Just the "@": open, with nothing to look up yet.
    expect(mentionBefore("Halo @", 6)).toEqual({ start: 5, query: "" });
    // The caret decides: text after it does not count.
    expect(mentionBefore("Halo @budi apa kabar", 8)).toEqual({ start: 5, query: "bu" });
  });

  it("ignores e-mail addresses, finished words and names longer than a username", () => {
    expect(mentionBefore("mail budi@contoh.id", 19)).toBeNull();
    expect(mentionBefore("Halo @budi ", 11)).toBeNull();
    expect(mentionBefore("@@budi", 6)).toBeNull();
    expect(mentionBefore(`@${"a".repeat(31)}`, 32)).toBeNull();
    expect(mentionBefore("tanpa sebutan", 13)).toBeNull();
  });
});

describe("formatRelative", () => {
  const now = "2026-12-02T10:00:00.000Z";
  it("counts back from the loader's clock, then gives the date after a week", () => {
    expect(formatRelative("2026-12-02T09:59:30.000Z", now, "id")).toBe("sekarang");
    expect(formatRelative("2026-12-02T09:55:00.000Z", now, "id")).toBe("5 menit yang lalu");
    expect(formatRelative("2026-12-02T07:00:00.000Z", now, "en")).toBe("3 hours ago");
    expect(formatRelative("2026-12-01T10:00:00.000Z", now, "id")).toBe("kemarin");
    expect(formatRelative("2026-11-20T10:00:00.000Z", now, "id")).toBe("20 Nov 2026, 17.00");
    // A clock a little behind the row's time is "now", never "in 2 seconds".
    expect(formatRelative("2026-12-02T10:00:02.000Z", now, "en")).toBe("now");
  });
});
