import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import webpush from "web-push";
import { afterEach, describe, expect, it } from "vitest";
import { parseEnv } from "./env.ts";
import { isPrivateAddress, loadVapidKeys } from "./push.ts";

const folders: string[] = [];
const newFolder = () => {
  const folder = mkdtempSync(path.join(tmpdir(), "vapid-"));
  folders.push(folder);
  return folder;
};
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const unset = { NODE_ENV: "test" as const, VAPID_PUBLIC_KEY: undefined, VAPID_PRIVATE_KEY: undefined };

describe("VAPID keys", () => {
  it("takes the pair from the environment, checking that it is one pair", () => {
    const pair = webpush.generateVAPIDKeys();
    const env = parseEnv({ NODE_ENV: "test", VAPID_PUBLIC_KEY: pair.publicKey, VAPID_PRIVATE_KEY: pair.privateKey });
    expect(loadVapidKeys(env, { folder: "/nonexistent/never-written" })).toEqual(pair);
    const stranger = webpush.generateVAPIDKeys();
    expect(() => parseEnv({ NODE_ENV: "test", VAPID_PUBLIC_KEY: pair.publicKey, VAPID_PRIVATE_KEY: stranger.privateKey })).toThrow(/not one key pair/);
    expect(() => parseEnv({ NODE_ENV: "test", VAPID_PUBLIC_KEY: pair.publicKey })).toThrow(/set both or neither/);
    expect(() => parseEnv({ NODE_ENV: "test", VAPID_PUBLIC_KEY: "short", VAPID_PRIVATE_KEY: pair.privateKey })).toThrow(/VAPID_PUBLIC_KEY: must be a P-256 public key/);
    expect(() => parseEnv({ NODE_ENV: "test", VAPID_SUBJECT: "admin@example.org" })).toThrow(/VAPID_SUBJECT/);
    expect(parseEnv({ NODE_ENV: "test", VAPID_SUBJECT: "https://forum.example/kontak" }).VAPID_SUBJECT).toBe("https://forum.example/kontak");
  });

  it("generates a pair once into the data folder (mode 0600) and reads the same one back", () => {
    const folder = newFolder();
    const first = loadVapidKeys(unset, { folder });
    const file = path.join(folder, "vapid-keys.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(first);
    expect(loadVapidKeys(unset, { folder })).toEqual(first);
    expect(first.publicKey).toMatch(/^[\w-]{87}$/);
  });

  it("ends with one pair when several processes start at once", async () => {
    const folder = newFolder();
    const script = `import { loadVapidKeys } from "./server/platform/push.ts";
      process.stdout.write(loadVapidKeys({ NODE_ENV: "production" }, { folder: process.argv[1] }).publicKey);`;
    const run = () => promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, folder], { cwd: process.cwd() });
    const keys = (await Promise.all(Array.from({ length: 4 }, run))).map((result) => result.stdout);
    expect(new Set(keys).size).toBe(1);
    expect(JSON.parse(readFileSync(path.join(folder, "vapid-keys.json"), "utf8")).publicKey).toBe(keys[0]);
  }, 60_000);

  it("refuses to start in production without keys and without a writable folder; elsewhere keeps one in memory", () => {
    // Under a plain file no folder can be made, whoever runs the test (root ignores permissions).
    const blocker = path.join(newFolder(), "blocker");
    writeFileSync(blocker, "");
    const target = path.join(blocker, "data");
    expect(() => loadVapidKeys({ ...unset, NODE_ENV: "production" }, { folder: target })).toThrow(
      /VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are not set and .* cannot be written \(ENOTDIR\)/,
    );
    expect(loadVapidKeys({ ...unset, NODE_ENV: "development" }, { folder: target }).publicKey).toMatch(/^[\w-]{87}$/);
  });

  it("refuses a damaged key file instead of replacing it silently", () => {
    const folder = newFolder();
    writeFileSync(path.join(folder, "vapid-keys.json"), "{}");
    expect(() => loadVapidKeys(unset, { folder })).toThrow(/holds no VAPID key pair/);
  });
});

describe("isPrivateAddress", () => {
  it("knows loopback, private, link-local and mapped addresses from public ones", () => {
    for (const address of ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:a9fe:a9fe"]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ["8.8.8.8", "142.250.4.95", "2607:f8b0:4004:c1b::5f", "::ffff:8.8.8.8", "::ffff:808:808"]) expect(isPrivateAddress(address), address).toBe(false);
  });
});
