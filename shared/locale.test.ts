import { describe, expect, it } from "vitest";
import { localeFromCookie, negotiateLocale, resolveLocale } from "./locale.ts";

describe("negotiateLocale", () => {
  it.each([
    [undefined, "id"],
    ["", "id"],
    ["en", "en"],
    ["en-US,en;q=0.9", "en"],
    ["id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7", "id"],
    ["de-DE,de;q=0.9,en;q=0.5", "en"],
    ["en;q=0.4, id;q=0.8", "id"],
    ["en ; q=0.9, id;q=0.5", "en"],
    ["fr, de", "id"],
    ["en;q=0, fr", "id"],
    ["en;q=abc", "id"],
    ["en;q=2", "id"],
    ["*", "id"],
    ["EN-gb", "en"],
    ["english", "id"],
  ])("%j → %s", (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it("gives a tie to the earlier entry and reads only a browser-sized header", () => {
    expect(negotiateLocale("id;q=0.8, en;q=0.8")).toBe("id");
    expect(negotiateLocale(`${"fr,".repeat(50_000)}en`)).toBe("id");
    const started = performance.now();
    negotiateLocale("en;q=0.5,".repeat(100_000));
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe("the locale cookie", () => {
  it("wins over Accept-Language and must name a language of ours", () => {
    expect(resolveLocale({ cookie: "theme=dark; locale=en", acceptLanguage: "id" })).toBe("en");
    expect(resolveLocale({ cookie: "locale=id", acceptLanguage: "en" })).toBe("id");
    expect(resolveLocale({ cookie: "locale=fr", acceptLanguage: "en" })).toBe("en");
    expect(localeFromCookie("xlocale=en")).toBeNull();
    expect(localeFromCookie("locale=en-US")).toBeNull();
    expect(localeFromCookie(null)).toBeNull();
  });
});
