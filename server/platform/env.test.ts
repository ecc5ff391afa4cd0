import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.ts";

describe("parseEnv", () => {
  it("runs on defaults with nothing set", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBe("postgresql://alephdraad:alephdraad@127.0.0.1:5432/alephdraad");
    expect(env.MONGODB_URL).toBe("mongodb://127.0.0.1:27017/alephdraad");
    expect(env.REDIS_URL).toBe("redis://127.0.0.1:6379/0");
    expect(env.MIGRATE_ON_START).toBe(true);
    expect(env.SEED_ON_START).toBe(false);
  });

  it("converts numbers and booleans", () => {
    const env = parseEnv({ PORT: "8080", SEED_ON_START: "1", MIGRATE_ON_START: "false" });
    expect(env.PORT).toBe(8080);
    expect(env.SEED_ON_START).toBe(true);
    expect(env.MIGRATE_ON_START).toBe(false);
  });

  it("treats an empty value as unset, except REDIS_URL where it turns Redis off", () => {
    const env = parseEnv({ PORT: "", REDIS_URL: "" });
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
