import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProvider } from "../../server/modules/chat/providers/fake-provider-server.ts";
import { createForumTestDatabase, forumFixtures } from "../../server/testing/forum.ts";
import { startTestHttpApp } from "../../server/testing/http.ts";
import { connectTestMongo } from "../../server/testing/mongo.ts";
import { requestCallers } from "../../server/testing/request-caller.ts";

/*
 * The packed @alephdraad/client as a program elsewhere meets it: `npm pack`ed, installed from
 * the tarball into a fresh project under the system's temporary folder, typechecked by that
 * project's own TypeScript, and run with node against the real HTTP app (the Aleph provider a
 * fake OpenAI-compatible server on 127.0.0.1).
 */

const run = promisify(execFile);
const here = path.dirname(new URL(import.meta.url).pathname);
const repo = path.resolve(here, "../..");
const dist = path.join(here, "dist/index.d.ts");

/** The parent's npm settings (npm test sets npm_config_*) must not steer the consumer's npm. */
const cleanEnv = { ...process.env };
for (const key of Object.keys(cleanEnv)) if (key.toLowerCase().startsWith("npm_")) delete cleanEnv[key];

/** Newest modification time among the files the package is made from. */
async function newestSource(): Promise<number> {
  const roots = ["server", "shared", "packages/client/src", "packages/client/generate-router.ts", "packages/client/tsup.config.ts", "packages/client/package.json"];
  let newest = 0;
  for (const root of roots) {
    const full = path.join(repo, root);
    const info = await stat(full);
    const files = info.isDirectory() ? (await readdir(full, { recursive: true })).map((file) => path.join(full, file)) : [full];
    for (const file of files) {
      if (!/\.(?:ts|tsx|json)$/.test(file) || file.endsWith(".test.ts") || file.endsWith("router.generated.ts")) continue;
      newest = Math.max(newest, (await stat(file)).mtimeMs);
    }
  }
  return newest;
}

/** npm test builds the package first (scripts/test.sh); run alone, the test builds it when it is older than its sources. */
async function ensureBuilt() {
  const built = await stat(dist).then((info) => info.mtimeMs, () => 0);
  if (built > (await newestSource())) return;
  await run("npm", ["run", "-s", "build:client"], { cwd: repo, env: cleanEnv });
}

const PROGRAM = `
import { createAlephdraadClient, TRPCClientError, type RouterOutputs } from "@alephdraad/client";

const baseUrl = process.env.ALEPH_URL!;
const threadId = Number(process.env.THREAD_ID);
let requests = 0;
const counted: typeof fetch = (input, init) => {
  requests += 1;
  return fetch(input, init);
};
const aleph = createAlephdraadClient({ baseUrl, token: process.env.ALEPH_TOKEN, fetch: counted });

// Two reads in the same tick travel as one batched request.
const [thread, page] = await Promise.all([aleph.thread.byId.query({ id: threadId }), aleph.reply.listByThread.query({ threadId })]);
const readRequests = requests;

const reply: RouterOutputs["reply"]["create"] = await aleph.reply.create.mutate({ threadId, content: "Balasan dari program di luar repositori." });

let answer = "";
let deltas = 0;
let remainingBalance: number | null = null;
let firstDeltaAt = 0;
let doneAt = 0;
for await (const event of await aleph.chat.sendStream.mutate({ content: "Apa itu JWT?" })) {
  if (event.type === "delta") {
    deltas += 1;
    answer += event.text;
    firstDeltaAt ||= Date.now();
  } else {
    remainingBalance = event.result.remainingBalance;
    doneAt = Date.now();
  }
}

// Without a token the client is anonymous: a write is refused, with the server's code.
let anonymousWrite: string | undefined;
try {
  await createAlephdraadClient({ baseUrl }).reply.create.mutate({ threadId, content: "Tanpa token." });
} catch (error) {
  if (error instanceof TRPCClientError) anonymousWrite = error.data?.code;
}

console.log(JSON.stringify({
  title: thread.title,
  createdAtIsDate: thread.createdAt instanceof Date,
  repliesBefore: page.items.length,
  readRequests,
  reply: { id: reply.id, username: reply.username, content: reply.content },
  answer,
  deltas,
  streamedForMs: doneAt - firstDeltaAt,
  remainingBalance,
  anonymousWrite,
}));
`;

const WRONG_PROGRAM = `
import { createAlephdraadClient } from "@alephdraad/client";

const aleph = createAlephdraadClient({ baseUrl: "http://127.0.0.1:9" });
await aleph.reply.create.mutate({ threadId: 1, contnet: "salah ketik" });
const thread = await aleph.thread.byId.query({ id: 1 });
console.log(thread.titel);
`;

let consumer = "";
let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: Awaited<ReturnType<typeof connectTestMongo>>;
let llm: Awaited<ReturnType<typeof startFakeProvider>>;
let http: Awaited<ReturnType<typeof startTestHttpApp>>;

/** The consumer project: the tarball, its own TypeScript and Node's types, nothing of this repository. */
async function installConsumer() {
  await ensureBuilt();
  consumer = await mkdtemp(path.join(os.tmpdir(), "alephdraad-client-"));
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", consumer], { cwd: here, env: cleanEnv });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  const compilerOptions = {
    strict: true,
    module: "nodenext",
    moduleResolution: "nodenext",
    target: "es2022",
    lib: ["es2022"],
    types: ["node"],
    // As \`tsc --init\` writes it: tRPC's own declarations name DOM types a Node project lacks.
    // The package's types are still live: the wrong program below must fail on them.
    skipLibCheck: true,
    outDir: "out",
  };
  await Promise.all([
    writeFile(path.join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" })),
    writeFile(path.join(consumer, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["program.ts"] })),
    // The package's own declarations checked too: DOM's fetch types are what tRPC's name.
    writeFile(
      path.join(consumer, "tsconfig.strict.json"),
      JSON.stringify({ compilerOptions: { ...compilerOptions, lib: ["es2022", "dom"], skipLibCheck: false, noEmit: true }, files: ["program.ts"] }),
    ),
    writeFile(path.join(consumer, "tsconfig.wrong.json"), JSON.stringify({ compilerOptions: { ...compilerOptions, noEmit: true }, files: ["wrong.ts"] })),
    writeFile(path.join(consumer, "program.ts"), PROGRAM),
    writeFile(path.join(consumer, "wrong.ts"), WRONG_PROGRAM),
  ]);
  await run(
    "npm",
    ["install", `./${path.basename(filename)}`, "typescript@~5.9.3", "@types/node@^20.19.0", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"],
    { cwd: consumer, env: cleanEnv },
  );
}

async function startServer() {
  [db, mongo, llm] = await Promise.all([
    createForumTestDatabase(),
    connectTestMongo(),
    // An OpenAI-compatible server that writes its answer in three pieces, 100 ms apart.
    startFakeProvider(async (_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const events = [...["JWT ", "adalah ", "token."].map((content) => ({ choices: [{ delta: { content } }] })), { choices: [], usage: { prompt_tokens: 40, completion_tokens: 3 } }];
      for (const event of events) {
        response.write(`data: ${JSON.stringify(event)}\n\n`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      response.end("data: [DONE]\n\n");
    }),
  ]);
  http = await startTestHttpApp(db.prisma, {
    CAPTCHA_ENABLED: "false",
    RATE_LIMIT_ENABLED: "false",
    ALEPH_PROVIDER: "openai",
    OPENAI_BASE_URL: `${llm.url}/v1`,
    OPENAI_API_KEY: "sk-test",
  });
}

beforeAll(async () => {
  await Promise.all([installConsumer(), startServer()]);
}, 240_000);

afterAll(async () => {
  await http?.close();
  await Promise.all([db?.close(), mongo?.drop(), llm?.close(), consumer && rm(consumer, { recursive: true, force: true })]);
});

const tsc = (project: string) =>
  run("node", ["node_modules/typescript/bin/tsc", "-p", project, "--pretty", "false"], { cwd: consumer, env: cleanEnv }).then(
    () => ({ ok: true, output: "" }),
    (error: { stdout: string }) => ({ ok: false, output: error.stdout }),
  );

describe("@alephdraad/client, packed and installed outside the repository", () => {
  it("ships the API's types without the server's: only tRPC and superjson are needed", async () => {
    const { stdout } = await run("npm", ["ls", "--all", "--parseable"], { cwd: consumer, env: cleanEnv });
    const installed = stdout.split("\n").map((line) => path.relative(path.join(consumer, "node_modules"), line)).filter(Boolean);
    expect(installed).toContain("@alephdraad/client");
    expect(installed).not.toContain("@prisma/client");
    expect(installed).not.toContain("zod");
  });

  it("has declarations that compile without skipLibCheck", async () => {
    expect(await tsc("tsconfig.strict.json")).toEqual({ ok: true, output: "" });
  });

  it("refuses to compile a wrong field name, naming it", async () => {
    const { ok, output } = await tsc("tsconfig.wrong.json");
    expect(ok).toBe(false);
    const errors = output.split("\n").filter((line) => line.includes("error TS"));
    expect(errors, output).not.toHaveLength(0);
    expect(errors.some((line) => line.includes("'contnet'"))).toBe(true);
    expect(errors.some((line) => line.includes("'titel'"))).toBe(true);
    // Nothing else is wrong with the program.
    expect(errors.filter((line) => !/'contnet'|'titel'/.test(line))).toEqual([]);
  });

  it("compiles a program, which reads a thread, replies with a token and streams Aleph's answer", async () => {
    const compiled = await tsc("tsconfig.json");
    expect(compiled.output).toBe("");
    expect(compiled.ok).toBe(true);

    const fixtures = forumFixtures(db.prisma);
    const member = await fixtures.user();
    const category = await fixtures.category();
    const thread = await fixtures.thread({ categoryId: category.id, authorId: member.id, title: "Menulis program untuk Alephdraad" });
    const session = await requestCallers(db.prisma).asSession(member.id);
    const { token } = await session.user.accessTokens.create({ name: "Program luar", expiresInDays: 7, scopes: ["read", "content:write", "chat", "wallet:read", "wallet:spend"] });

    const { stdout } = await run("node", ["out/program.js"], {
      cwd: consumer,
      env: { ...cleanEnv, ALEPH_URL: `${http.origin}/`, ALEPH_TOKEN: token, THREAD_ID: String(thread.id) },
    });
    const result = JSON.parse(stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      title: "Menulis program untuk Alephdraad",
      createdAtIsDate: true,
      repliesBefore: 0,
      readRequests: 1,
      reply: { username: member.username, content: "Balasan dari program di luar repositori." },
      answer: "JWT adalah token.",
      deltas: 3,
      anonymousWrite: "UNAUTHORIZED",
    });
    // Piece by piece as the provider wrote them, not all at once at the end.
    expect(result.streamedForMs).toBeGreaterThan(200);
    expect(result.remainingBalance).toBeLessThan(10_000);

    // The reply is there for everyone, under the token's owner.
    const page = await (await requestCallers(db.prisma).call()).reply.listByThread({ threadId: thread.id });
    expect(page.items.map((item) => [item.id, item.userId])).toEqual([[(result.reply as { id: string }).id, member.id]]);
    expect(llm.requests).toHaveLength(1);
  });

  it("loads from CommonJS too", async () => {
    const { stdout } = await run("node", ["-e", "console.log(typeof require('@alephdraad/client').createAlephdraadClient)"], { cwd: consumer, env: cleanEnv });
    expect(stdout.trim()).toBe("function");
  });
});
