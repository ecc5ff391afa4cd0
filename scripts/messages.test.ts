import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { m } from "../shared/paraglide/messages.js";
import { LOCALES } from "../shared/locale.ts";

/** messages/<locale>.json: a string with {name} placeholders, or inlang variants (plurals). */
type MessageValue = string | { declarations: string[]; selectors: string[]; match: Record<string, string> }[];
const catalogue = (locale: string): Record<string, MessageValue> => {
  const { $schema: _schema, ...messages } = JSON.parse(fs.readFileSync(new URL(`../messages/${locale}.json`, import.meta.url), "utf8"));
  return messages;
};

/** Every placeholder a message can print, over all its variants. */
function placeholders(value: MessageValue): string[] {
  const texts = typeof value === "string" ? [value] : value.flatMap((variant) => Object.values(variant.match));
  return [...new Set(texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((hit) => hit[1]!)))].sort();
}

describe("messages", () => {
  const [base, ...others] = LOCALES.map((locale) => ({ locale, messages: catalogue(locale) }));

  it.each(others)("$locale has exactly the keys of the base locale, with the same placeholders", ({ locale, messages }) => {
    const missing = Object.keys(base!.messages).filter((key) => !(key in messages));
    const extra = Object.keys(messages).filter((key) => !(key in base!.messages));
    expect({ locale, missing, extra }).toEqual({ locale, missing: [], extra: [] });
    const differing = Object.keys(messages).filter(
      (key) => placeholders(messages[key]!).join() !== placeholders(base!.messages[key]!).join(),
    );
    expect({ locale, differing }).toEqual({ locale, differing: [] });
  });

  it("has no empty message and no plural without a catch-all", () => {
    for (const { locale, messages } of [base!, ...others]) {
      for (const [key, value] of Object.entries(messages)) {
        if (typeof value === "string") expect(value.trim(), `${locale} ${key}`).not.toBe("");
        else for (const variant of value) expect(Object.keys(variant.match).some((match) => match.endsWith("=*")), `${locale} ${key}`).toBe(true);
      }
    }
  });

  it("compiles plurals by the locale's rules", () => {
    const plural = Object.entries(catalogue("en")).find(([, value]) => typeof value !== "string");
    expect(plural, "at least one English plural").toBeDefined();
    const message = (m as unknown as Record<string, (inputs: Record<string, unknown>, options: { locale: string }) => string>)[plural![0]]!;
    const inputs = (count: number) => Object.fromEntries(placeholders(plural![1]).map((name) => [name, name === "count" ? count : "x"]));
    expect(message(inputs(1), { locale: "en" })).not.toBe(message(inputs(2), { locale: "en" }));
    // Indonesian has no plural forms: one text for every count.
    expect(message(inputs(1), { locale: "id" }).replace("1", "2")).toBe(message(inputs(2), { locale: "id" }));
  });
});
