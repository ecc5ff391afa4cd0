import { describe, expect, it } from "vitest";
import { boundedHistory, HISTORY_MAX_MESSAGES, HISTORY_TOKEN_BUDGET, titleFromQuestion } from "./prompt.ts";
import { searchTerms } from "./retrieval.ts";
import { countPromptTokens, countTokens, truncateToTokens } from "./tokenizer.ts";

describe("the tokenizer", () => {
  it("counts with OpenAI's cl100k_base encoding", () => {
    expect(countTokens("hello world")).toBe(2);
    expect(countTokens("")).toBe(0);
    // Role markup: 3 per message plus 3 to prime the reply.
    expect(countPromptTokens([{ role: "user", content: "hello world" }])).toBe(3 + 1 + 2 + 3);
  });

  it("cuts text to a number of tokens", () => {
    const text = "satu dua tiga empat lima enam tujuh delapan";
    expect(countTokens(truncateToTokens(text, 4))).toBe(4);
    expect(truncateToTokens(text, 1_000)).toBe(text);
  });
});

describe("the prompt", () => {
  it("keeps the most recent history that fits, oldest first", () => {
    const messages = Array.from({ length: 30 }, (_, index) => ({
      role: index % 2 ? ("assistant" as const) : ("user" as const),
      content: `pesan ${index}`,
    }));
    const kept = boundedHistory(messages);
    expect(kept).toHaveLength(HISTORY_MAX_MESSAGES);
    expect(kept.at(-1)!.content).toBe("pesan 29");

    const long = "kata ".repeat(HISTORY_TOKEN_BUDGET / 2);
    const bounded = boundedHistory([{ role: "user", content: long }, { role: "assistant", content: long }, { role: "user", content: "terakhir" }]);
    expect(bounded.map((message) => message.content)).toEqual([long, "terakhir"]);
  });

  it("titles a session by the first line of its first question", () => {
    expect(titleFromQuestion("  Apa itu JWT?\nDetailnya...")).toBe("Apa itu JWT?");
    const title = titleFromQuestion("x".repeat(200));
    expect(title).toHaveLength(80);
    expect(title.endsWith("…")).toBe(true);
  });

  it("searches by the question's meaningful words only", () => {
    expect(searchTerms("Bagaimana cara deploy Remix ke VPS yang murah?")).toEqual(["deploy", "remix", "vps", "murah"]);
    expect(searchTerms("apa itu?")).toEqual([]);
  });
});
