import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.ts";

describe("parseEnv", () => {
  it("refuses production (the default NODE_ENV) without APP_URL, naming it", () => {
    expect(() => parseEnv({})).toThrow(EnvError);
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/APP_URL: required in production/);
    expect(parseEnv({ NODE_ENV: "production", APP_URL: "https://forum.example" }).APP_URL).toBe("https://forum.example");
    // Development and tests fall back to localhost (server/platform/public-origin.ts).
    expect(parseEnv({ NODE_ENV: "development" }).APP_URL).toBeUndefined();
    expect(parseEnv({ NODE_ENV: "test" }).APP_URL).toBeUndefined();
  });

  it("keeps the dev mailbox off unless DEV_MAILBOX turns it on", () => {
    expect(parseEnv({ NODE_ENV: "development" }).DEV_MAILBOX).toBe(false);
    expect(parseEnv({ NODE_ENV: "development", DEV_MAILBOX: "true" }).DEV_MAILBOX).toBe(true);
  });

  it("runs on defaults with nothing set but APP_URL", () => {
    const env = parseEnv({ APP_URL: "http://localhost:3000" });
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBe("postgresql://alephdraad:alephdraad@127.0.0.1:5432/alephdraad");
    expect(env.MONGODB_URL).toBe("mongodb://127.0.0.1:27017/alephdraad");
    expect(env.REDIS_URL).toBe("redis://127.0.0.1:6379/0");
    expect(env.MIGRATE_ON_START).toBe(true);
    expect(env.SEED_ON_START).toBe(false);
  });

  it("converts numbers and booleans", () => {
    const env = parseEnv({ APP_URL: "http://localhost:8080", PORT: "8080", SEED_ON_START: "1", MIGRATE_ON_START: "false" });
    expect(env.PORT).toBe(8080);
    expect(env.SEED_ON_START).toBe(true);
    expect(env.MIGRATE_ON_START).toBe(false);
  });

  it("treats an empty value as unset, except REDIS_URL where it turns Redis off", () => {
    const env = parseEnv({ APP_URL: "http://localhost:3000", PORT: "", REDIS_URL: "" });
    expect(env.PORT).toBe(3000);
    expect(env.REDIS_URL).toBe("");
  });

  it("names every bad variable with what it got", () => {
    let error: unknown;
    try {
      parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x/y", LOG_LEVEL: "loud" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Invalid configuration:/);
    expect(message).toMatch(/PORT: .*\(got "eighty"\)/);
    expect(message).toMatch(/DATABASE_URL: must be a URL starting with postgres:\/\/ or postgresql:\/\/ \(got "mysql:\/\/x\/y"\)/);
    expect(message).toMatch(/LOG_LEVEL: .*\(got "loud"\)/);
    expect(message.split("\n")).toHaveLength(4);
  });
});
