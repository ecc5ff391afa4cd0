import { createHash } from "node:crypto";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import express from "express";
import fc from "fast-check";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { sandboxGatewayRouter } from "./sandbox-gateway.ts";
import { backgroundWorkDone } from "../modules/auth/background.ts";
import { isOpenSandboxOrder, NOTIFICATION_PATH, SANDBOX_SERVER_KEY } from "../modules/payment/service.ts";
import { encodeCursor } from "../modules/pagination.ts";
import { REACTION_TYPES } from "../modules/reaction/reaction.model.ts";
import { mongoConnection } from "../platform/db/mongo.ts";
import { newId } from "../platform/ids.ts";
import { createLogger } from "../platform/logger.ts";
import { createForumTestDatabase, forumFixtures } from "../testing/forum.ts";
import { connectTestMongo, type TestMongo } from "../testing/mongo.ts";
import { memberWithPassword, requestCallers } from "../testing/request-caller.ts";
import { appRouter } from "../trpc/root.ts";

/*
 * (Here, not in server/trpc/, because payment.create needs the sandbox gateway's Express router.)
 *
 * Bad input always gets a 4xx (README, "For developers"): every procedure of the router (enumerated, so a new
 * one is fuzzed without touching this file) is called, as a signed-in member and anonymously,
 * with generated malformed and boundary inputs. Each call must succeed or be refused with a 4xx
 * TRPCError, and a refused call must leave both databases as they were.
 *
 * Runs twice: with FIXED_SEED (the same inputs every time) and with a random seed. fast-check
 * prints the seed and path of a failure; to replay one, pass them as `replay` below.
 */
const FIXED_SEED = 20_261_201;
const replay = null as { seed: number; path?: string } | null;
/** Runs per procedure and caller, per seed; the chat's answers stream slowly, so fewer there. */
const RUNS = 6;
const SLOW_RUNS = 2;
const SLOW = new Set(["chat.send", "chat.sendStream"]);

const PASSWORD = "fuzz-Passw0rd-long";
/**
 * What a refusal other than an input error writes on purpose: the security log and failed-attempt
 * counters of a refused sign-in or code, the cancelled ledger entry that keeps a refused
 * purchase's idempotency key (so its retry is refused the same way).
 */
const AUDITED = ["pg:security_events", "pg:users", "mongo:transactions"];

// ---------------------------------------------------------------- generic malformed values

const NUMBER_EDGES = [
  0, -0, 1, -1, 0.5, -0.5, 1.5,
  2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 32,
  Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER - 2,
  2 ** 63, -(2 ** 63), 1e16, 1e16 + 2, 8.64e15, 8.64e15 + 1, -8.64e15, -8.64e15 - 1, 1e21, 1e300,
  Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON, NaN, Infinity, -Infinity,
];

const ulidish = ["7ZZZZZZZZZZZZZZZZZZZZZZZZZ", "00000000000000000000000000", "8ZZZZZZZZZZZZZZZZZZZZZZZZZ"];
const STRING_EDGES = [
  "", " ", "\u0000", "\t\n", "0", "-1", "1.5", "2147483648", "-2147483649", "9223372036854775807",
  "9223372036854775808", "99999999999999999999", "-9223372036854775809", "1e400", "NaN", "Infinity",
  "null", "undefined", "true", "__proto__", "constructor", "toString", "[object Object]",
  "'; DROP TABLE users; --", "<script>alert(1)</script>", "$where", "{\"$gt\":\"\"}", "..", "../../etc/passwd",
  "\ud800", "\udfff", "💥".repeat(40), "İıﬃ", "\u202e", "a".repeat(255), "a".repeat(10_001), "x".repeat(200_000),
  "+275760-09-13T00:00:00.001Z", "-271821-04-20T00:00:00.000Z", "2024-02-30T25:61:00Z", "9999-12-31T23:59:59.999Z",
  ...["rpl", "txn", "cht", "pay", "msg"].flatMap((prefix) => ulidish.map((ulid) => `${prefix}_${ulid}`)),
  "https://", "javascript:alert(1)", "https://example.test/" + "a".repeat(3000),
];

const OTHER_EDGES: unknown[] = [
  null, undefined, true, false, 0n, -1n, 2n ** 63n, 2n ** 64n,
  new Date(8.64e15), new Date(-8.64e15), new Date(Number.NaN), new Date(0),
  Symbol("fuzz"), () => 1, new Map([["a", 1]]), new Set([1]), new Uint8Array(4), /re/,
  Object.create(null) as object, [], {}, [[]], { __proto__: { polluted: true } },
];

/** `depth` nested one-key objects or arrays: what a naive recursive walk overflows on. */
const deep = (depth: number, array: boolean): unknown => {
  let value: unknown = "leaf";
  for (let level = 0; level < depth; level++) value = array ? [value] : { type: "doc", content: [value], a: value };
  return value;
};

const cursorValue = fc.oneof(
  fc.constantFrom(...NUMBER_EDGES.filter(Number.isFinite)),
  fc.constantFrom(...STRING_EDGES.filter((value) => value.length < 60)),
  fc.integer(),
  fc.constantFrom(null, true, [], {}),
);
/** Cursors that decode: the positions the lists use, with their fields at and beyond the edges. */
const cursorString = fc.oneof(
  fc
    .record({ at: cursorValue, id: cursorValue, offset: cursorValue }, { requiredKeys: [] })
    .map((position) => encodeCursor(position)),
  fc.constantFrom(...["null", "[]", "1", "\"x\"", "{", "{\"at\":1e999,\"id\":1}"].map((json) => Buffer.from(json).toString("base64url"))),
  fc.string({ maxLength: 40 }),
);

const leaf = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NUMBER_EDGES) },
  { weight: 3, arbitrary: fc.constantFrom(...STRING_EDGES) },
  { weight: 1, arbitrary: fc.constantFrom(...OTHER_EDGES) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  { weight: 2, arbitrary: cursorString },
);

const anything: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 6, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.constantFrom("type", "content", "id", "at", "text", "attrs", "__proto__", "x"), tie("value"), { maxKeys: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(deep(200, false), deep(5_000, true), deep(50_000, false)) },
  ),
})).value;

/** Objects with the keys an object schema expects, each absent or malformed. */
function objectsShaped(keys: string[]) {
  return fc.dictionary(fc.constantFrom(...keys), anything, { maxKeys: keys.length });
}

/** The position inside a valid cursor (base64url JSON), or null for any other value. */
function positionIn(value: unknown): Record<string, unknown> | null {
  if (typeof value !== "string") return null;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    return typeof decoded === "object" && decoded !== null && !Array.isArray(decoded) ? (decoded as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A valid input with one field replaced by a malformed value, removed, or a field added. */
function mutationsOf(valid: Record<string, unknown>) {
  const keys = Object.keys(valid);
  const cursorKeys = keys.filter((key) => positionIn(valid[key]));
  const cursorMutations = cursorKeys.length
    ? [
        // A cursor that still decodes, with one field of its position at or past an edge.
        fc
          .tuple(fc.constantFrom(...cursorKeys), fc.nat(), cursorValue)
          .map(([key, pick, value]) => {
            const position = positionIn(valid[key])!;
            const field = Object.keys(position)[pick % Object.keys(position).length]!;
            return { ...valid, [key]: encodeCursor({ ...position, [field]: value }) };
          }),
      ]
    : [];
  return fc.oneof(
    ...cursorMutations,
    ...cursorMutations,
    fc.tuple(fc.constantFrom(...keys), anything).map(([key, value]) => ({ ...valid, [key]: value })),
    fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
    anything.map((value) => ({ ...valid, extra: value })),
    // One level down too: a field of a nested object (the passkey response, a document).
    fc
      .tuple(fc.constantFrom(...keys), fc.string({ maxLength: 12 }), anything)
      .map(([key, inner, value]) => {
        const nested = valid[key];
        if (typeof nested !== "object" || nested === null || Array.isArray(nested)) return { ...valid, [key]: value };
        const innerKeys = Object.keys(nested);
        const target = innerKeys[inner.length % Math.max(1, innerKeys.length)] ?? inner;
        return { ...valid, [key]: { ...nested, [target]: value } };
      }),
  );
}

// ---------------------------------------------------------------- the data a refusal must not change

/** A digest of every PostgreSQL table and MongoDB collection of this test file's databases. */
async function dataDigest(prisma: Awaited<ReturnType<typeof createForumTestDatabase>>["prisma"]) {
  const tables = await prisma.$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;
  const query = tables
    .map(({ name }) => `SELECT '${name}' AS name, count(*)::int AS rows, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS digest FROM "${name}" t`)
    .join(" UNION ALL ");
  const postgres = await prisma.$queryRawUnsafe<{ name: string; rows: number; digest: string }[]>(query);
  const mongo: Record<string, string> = {};
  const db = mongoConnection().db!;
  const collections = await db.listCollections().toArray();
  await Promise.all(
    collections.map(async ({ name }) => {
      const docs = await db.collection(name).find().sort({ _id: 1 }).toArray();
      mongo[name] = `${docs.length}:${createHash("sha256").update(JSON.stringify(docs)).digest("hex")}`;
    }),
  );
  return { postgres: Object.fromEntries(postgres.map((row) => [row.name, `${row.rows}:${row.digest}`])), mongo };
}

/**
 * The digest once the data stops changing: a call that succeeded may still be writing after its
 * answer (mail and its security event go out in the background).
 */
async function settledDigest() {
  await backgroundWorkDone();
  let digest = await dataDigest(db.prisma);
  for (let attempt = 0; attempt < 20; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const next = await dataDigest(db.prisma);
    if (changed(digest, next).length === 0) return next;
    digest = next;
  }
  return digest;
}

/** The tables/collections whose digest differs. */
function changed(before: Awaited<ReturnType<typeof dataDigest>>, after: Awaited<ReturnType<typeof dataDigest>>) {
  const differs = (a: Record<string, string>, b: Record<string, string>, prefix: string) =>
    [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((name) => a[name] !== b[name]).map((name) => `${prefix}${name}`);
  return [...differs(before.postgres, after.postgres, "pg:"), ...differs(before.mongo, after.mongo, "mongo:")];
}

// ---------------------------------------------------------------- the testbed

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: TestMongo;
let callers: ReturnType<typeof requestCallers>;
let member: { id: number; username: string };
let valid: Record<string, Record<string, unknown>>;
let gateway: ReturnType<express.Express["listen"]>;

beforeAll(async () => {
  [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  // payment.create goes to the built-in sandbox gateway, served here on 127.0.0.1.
  const app = express();
  gateway = app.listen(0, "127.0.0.1");
  await once(gateway, "listening");
  const gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  app.use(
    sandboxGatewayRouter({
      serverKey: SANDBOX_SERVER_KEY,
      notificationPath: NOTIFICATION_PATH,
      publicOrigin: () => gatewayUrl,
      isOpenOrder: isOpenSandboxOrder,
      logger: createLogger({ level: "silent" }),
    }),
  );
  callers = requestCallers(db.prisma, { CAPTCHA_ENABLED: "false", RATE_LIMIT_ENABLED: "false", PAYMENT_GATEWAY_URL: gatewayUrl });

  const fixtures = forumFixtures(db.prisma);
  member = await memberWithPassword(db.prisma, `fuzz-member-${process.pid}`, PASSWORD);
  const author = await fixtures.user();
  const category = await fixtures.category();
  const thread = await fixtures.thread({ categoryId: category.id, authorId: author.id, title: "Judul untuk fuzz" });
  const asMember = await callers.asSession(member.id);
  const reply = await asMember.reply.create({ threadId: thread.id, content: "Balasan pertama" });
  const chat = await asMember.chat.createSession({ title: "Percakapan" });
  const at = Date.now();
  const paragraph = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Isi thread." }] }] };
  const passkeyResponse = { clientDataJSON: "eyJ9", authenticatorData: "AAAA", signature: "AAAA" };

  valid = {
    "auth.passkey.loginVerify": { response: { id: "AAAA", rawId: "AAAA", type: "public-key", response: passkeyResponse } },
    "auth.twoFactor.verify": { code: "123456" },
    "auth.register": { email: "baru@example.test", username: "anggota-baru", password: PASSWORD },
    "auth.login": { identifier: member.username, password: PASSWORD },
    "auth.verifyEmail": { token: "AAAAAAAAAAAAAAAAAAAA" },
    "auth.requestPasswordReset": { email: `${member.username}@example.test` },
    "auth.resetPassword": { token: "AAAAAAAAAAAAAAAAAAAA", password: PASSWORD },
    "user.updateProfile": { fullName: "Nama Lengkap", avatarUrl: "https://example.test/a.png" },
    "user.changePassword": { currentPassword: PASSWORD, newPassword: PASSWORD },
    "user.sessions.revoke": { id: "no-such-session" },
    "user.securityEvents": { cursor: encodeCursor({ id: "1000" }), limit: 10 },
    "user.publicProfile": { username: member.username },
    "user.passkeys.registerVerify": {
      name: "Kunci",
      response: { id: "AAAA", rawId: "AAAA", type: "public-key", response: { clientDataJSON: "eyJ9", attestationObject: "AAAA" } },
    },
    "user.passkeys.rename": { id: 1, name: "Kunci" },
    "user.passkeys.remove": { id: 1 },
    "user.twoFactor.confirmSetup": { code: "123456" },
    "user.twoFactor.disable": { password: PASSWORD, code: "123456" },
    "user.twoFactor.regenerateBackupCodes": { code: "123456" },
    "user.accessTokens.create": { name: "Token fuzz", expiresInDays: 7 },
    "user.accessTokens.revoke": { id: 1 },
    "category.bySlug": { slug: category.slug },
    "thread.list": { categorySlug: category.slug, sort: "newest", cursor: encodeCursor({ at: at * 1000, id: thread.id }), limit: 10 },
    "thread.byId": { id: thread.id },
    "thread.search": { query: "judul", categorySlug: category.slug, cursor: encodeCursor({ offset: 10 }), limit: 10 },
    "thread.create": { title: "Thread baru dari fuzz", summary: "", categorySlug: category.slug, contentJson: paragraph },
    "thread.update": { id: thread.id, title: "Judul yang diubah", summary: "", categorySlug: category.slug, contentJson: paragraph },
    "thread.delete": { id: thread.id },
    "reply.listByThread": { threadId: thread.id, cursor: encodeCursor({ at, id: reply.id }), limit: 10 },
    "reply.create": { threadId: thread.id, parentReplyId: reply.id, content: "Balasan fuzz" },
    "reply.update": { id: reply.id, content: "Balasan diubah" },
    "reply.delete": { id: newId("rpl") },
    "reaction.summary": { threadId: thread.id },
    "reaction.toggle": { threadId: thread.id, type: REACTION_TYPES[0] },
    "chat.getSession": { sessionId: chat.id },
    "chat.createSession": { title: "Sesi baru" },
    "chat.renameSession": { sessionId: chat.id, title: "Nama baru" },
    "chat.deleteSession": { sessionId: newId("cht") },
    "chat.send": { sessionId: chat.id, content: "Apa itu Remix?", idempotencyKey: "fuzz-key-1" },
    "chat.sendStream": { sessionId: chat.id, content: "Apa itu Remix?", idempotencyKey: "fuzz-key-2" },
    "wallet.buyPackage": { packageId: "starter", requestKey: "fuzz-request-1" },
    "wallet.history": { type: "welcome", direction: "in", cursor: encodeCursor({ at, id: newId("txn") }), limit: 10 },
    "wallet.transaction": { id: newId("txn") },
    "payment.create": { kind: "topup", amount: 50_000 },
    "payment.list": { status: "pending", cursor: encodeCursor({ at, id: newId("pay") }), limit: 10 },
    "payment.get": { orderId: newId("pay") },
    "notification.list": { cursor: encodeCursor({ at: at * 1000, id: newId("ntf") }), limit: 10 },
    "notification.markRead": { id: newId("ntf") },
    "notification.setPreference": { type: "reply", inApp: true, email: false, push: false },
    "notification.threadLevel": { threadId: thread.id },
    "notification.setThreadLevel": { threadId: thread.id, level: "muted" },
    "block.list": { cursor: encodeCursor({ at: at * 1000, id: author.id }) },
    "block.add": { username: author.username },
    "block.remove": { userId: author.id },
  };
}, 60_000);

afterAll(async () => {
  gateway?.close();
  await Promise.all([db?.close(), mongo?.drop()]);
});

// ---------------------------------------------------------------- the property

type Procedure = { _def: { type: string; inputs: unknown[] } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Procedure>);

function inputsFor(path: string, procedure: Procedure): fc.Arbitrary<unknown> {
  const parser = procedure._def.inputs[0];
  const options: fc.Arbitrary<unknown>[] = [anything];
  if (parser instanceof z.ZodObject) options.push(objectsShaped(Object.keys(parser.shape)));
  const sample = valid[path];
  if (sample) options.push(mutationsOf(sample), mutationsOf(sample));
  return fc.oneof(...options);
}

/** Procedures without an input parser ignore what they are sent: a few runs show that. */
function runsFor(path: string, procedure: Procedure) {
  if (procedure._def.inputs.length === 0) return 2;
  return SLOW.has(path) ? SLOW_RUNS : RUNS;
}

/** Calls `path` on `caller` with `input`; a streamed answer is read to its end. */
async function invoke(caller: unknown, path: string, input: unknown) {
  const call = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  const result = await call(input);
  if (result && typeof result === "object" && Symbol.asyncIterator in result) {
    for await (const _event of result as AsyncIterable<unknown>) {
      // read to the end: a failure mid-stream must be a 4xx too
    }
  }
}

type Who = "member" | "anonymous";
type Digest = Awaited<ReturnType<typeof dataDigest>>;

/**
 * One caller and the data as it was before its next call, kept while calls are refused: a
 * refusal changes nothing, so neither needs making again. After a success both are renewed (a
 * fresh browser session: logout or a password change must not turn the member into a visitor).
 */
function fuzzState(who: Who) {
  let caller: unknown = null;
  let digest: Digest | null = null;
  return {
    async check(path: string, input: unknown) {
      caller ??= await (who === "member" ? callers.asSession(member.id) : callers.call());
      digest ??= await settledDigest();
      let refusal: TRPCError | null = null;
      try {
        await invoke(caller, path, input);
      } catch (error) {
        if (!(error instanceof TRPCError)) throw error;
        refusal = error;
      }
      if (!refusal) {
        caller = digest = null;
        return;
      }
      const status = getHTTPStatusCodeFromError(refusal);
      if (status >= 500) {
        const cause = refusal.cause instanceof Error ? refusal.cause.stack : String(refusal.cause);
        throw new Error(`${path} as ${who} answered ${status} ${refusal.code}: ${refusal.message}\n${cause}`);
      }
      const after = await dataDigest(db.prisma);
      const touched = changed(digest, after);
      digest = after;
      // Input the schema refused changes nothing at all. A refused attempt (a wrong password or
      // code) may only be recorded: the security log and the account's failed-attempt counters.
      const allowed = refusal.cause instanceof z.ZodError ? [] : AUDITED;
      const unexpected = touched.filter((name) => !allowed.includes(name));
      expect(unexpected, `${path} as ${who} was refused (${refusal.code}: ${refusal.message}) yet changed data`).toEqual([]);
    },
  };
}

/** Inputs that once gave a 500, pinned: they must stay 4xx (or answer) whatever the seeds pick. */
describe("boundary inputs the issue names", () => {
  const cursorEdges: [string, (at: number) => Record<string, unknown>][] = [
    ["thread.list", () => ({ cursor: encodeCursor({ at: 1, id: 2 ** 31 }) })],
    ["thread.list", () => ({ cursor: encodeCursor({ at: 1, id: Number.MAX_SAFE_INTEGER }) })],
    ["user.securityEvents", () => ({ cursor: encodeCursor({ id: "9223372036854775808" }) })],
    ["user.securityEvents", () => ({ cursor: encodeCursor({ id: "9999999999999999999" }) })],
    ["wallet.history", () => ({ cursor: encodeCursor({ at: 8.64e15 + 1, id: newId("txn") }) })],
    ["wallet.history", () => ({ cursor: encodeCursor({ at: -1e300, id: newId("txn") }) })],
    ["payment.list", () => ({ cursor: encodeCursor({ at: 1e21, id: newId("pay") }) })],
    ["payment.list", () => ({ cursor: encodeCursor({ at: Number.MAX_SAFE_INTEGER, id: "x" }) })],
    ["payment.create", () => ({ kind: "topup", amount: 1e300 })],
    ["reply.listByThread", () => ({ threadId: 1, cursor: encodeCursor({ at: 8.64e15 + 1, id: newId("rpl") }) })],
    // PostgreSQL refuses a NUL in any text column (22021): every procedure refuses it up front.
    ["thread.create", () => ({ summary: "ringkas\u0000an" })],
  ];
  it.each(cursorEdges)("%s with an out-of-range position", async (path, input) => {
    const state = fuzzState("member");
    await state.check(path, { ...valid[path], ...input(Date.now()) });
  });
});

describe.each([
  ["a fixed seed", replay?.seed ?? FIXED_SEED],
  ["a random seed", replay ? replay.seed : Math.floor(Math.random() * 2 ** 31)],
] as const)("every procedure, with %s,", (_label, seed) => {
  it.each(procedures)("%s answers malformed input with a 4xx and changes nothing", async (path, procedure) => {
    for (const who of ["member", "anonymous"] as const) {
      const state = fuzzState(who);
      await fc.assert(
        fc.asyncProperty(inputsFor(path, procedure), (input) => state.check(path, input)),
        { seed, numRuns: runsFor(path, procedure), endOnFailure: true, ...(replay?.path ? { path: replay.path } : {}) },
      );
    }
  }, 60_000);
});
