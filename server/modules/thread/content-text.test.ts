import { describe, expect, it } from "vitest";
import { contentTextOf } from "./content-text.ts";

describe("contentTextOf", () => {
  it("joins the text of every block, one block per line", () => {
    const doc = {
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Judul" }] },
        { type: "paragraph", content: [{ type: "text", text: "Halo " }, { type: "text", text: "dunia", marks: [{ type: "bold" }] }] },
        { type: "codeBlock", attrs: { language: "ts" }, content: [{ type: "text", text: "const a = 1;" }] },
      ],
    };
    expect(contentTextOf(doc)).toBe("Judul\nHalo dunia\nconst a = 1;");
  });

  it("ignores anything that is not a document node", () => {
    expect(contentTextOf(null)).toBe("");
    expect(contentTextOf({ type: "doc", content: [42, "x", { type: "text", text: 7 }] })).toBe("");
  });
});
