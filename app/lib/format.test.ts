import { describe, expect, it } from "vitest";
import { formatMegabytes } from "../../server/modules/document/detect.ts";
import { formatBytes } from "./format.ts";

describe("formatBytes", () => {
  it("steps by 1024 with one decimal at most, in the locale's notation", () => {
    expect(formatBytes(0, "id")).toBe("0 B");
    expect(formatBytes(1023, "id")).toBe("1.023 B");
    expect(formatBytes(1024, "id")).toBe("1 KB");
    expect(formatBytes(1536, "id")).toBe("1,5 KB");
    expect(formatBytes(1536, "en")).toBe("1.5 KB");
    expect(formatBytes(5 * 1024 ** 4 * 1024, "en")).toBe("5,120 TB");
  });

  it("names a limit as the server's refusals do", () => {
    for (const bytes of [10 * 1024 * 1024, 100 * 1024 * 1024, 512 * 1024 * 1024]) {
      expect(formatBytes(bytes, "id")).toBe(formatMegabytes(bytes));
    }
  });
});
