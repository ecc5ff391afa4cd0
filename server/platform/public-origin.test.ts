import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.ts";
import { publicOriginString } from "./public-origin.ts";

const headers = (values: Record<string, string>) => new Headers(values);

describe("publicOrigin", () => {
  it("is APP_URL's origin whatever the request claims", () => {
    const env = parseEnv({ NODE_ENV: "production", APP_URL: "https://forum.example/sub/path" });
    const spoofed = headers({ host: "evil.example", origin: "https://evil.example", "x-forwarded-host": "evil.example" });
    expect(publicOriginString(env, spoofed)).toBe("https://forum.example");
  });

  it("outside production, trusts only a request that names this machine", () => {
    const env = parseEnv({ NODE_ENV: "development", PORT: "4100" });
    expect(publicOriginString(env, headers({ host: "localhost:4100" }))).toBe("http://localhost:4100");
    expect(publicOriginString(env, headers({ host: "127.0.0.1:3100" }))).toBe("http://127.0.0.1:3100");
    expect(publicOriginString(env, headers({ host: "localhost:3000", origin: "http://localhost:3000" }))).toBe("http://localhost:3000");
    for (const host of ["evil.example", "localhost.evil.example", "evil.example:3000", "127.0.0.1.nip.io", "localhost@evil.example"]) {
      expect(publicOriginString(env, headers({ host }))).toBe("http://localhost:4100");
    }
    // An Origin naming another site than the Host does not win either.
    expect(publicOriginString(env, headers({ host: "localhost:4100", origin: "https://evil.example" }))).toBe("http://localhost:4100");
    expect(publicOriginString(env, headers({}))).toBe("http://localhost:4100");
    expect(publicOriginString(env)).toBe("http://localhost:4100");
  });
});
