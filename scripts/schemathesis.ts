/*
 * Property-based API testing (schemathesis) of the REST API against its own OpenAPI document:
 * a real server (the Express app, in this process) on fresh databases, a member with a personal
 * access token and a little content; every operation is called with generated inputs, valid
 * and not, and no answer may be a 5xx or differ from its documented schema. Run by
 * scripts/schemathesis.sh (which installs schemathesis), from npm test.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { ACCESS_SCOPES } from "../server/modules/access-token/scopes.ts";
import { createAccessToken } from "../server/modules/access-token/service.ts";
import { createForumTestDatabase, forumFixtures } from "../server/testing/forum.ts";
import { startTestHttpApp } from "../server/testing/http.ts";
import { connectTestMongo } from "../server/testing/mongo.ts";

const [schemathesis = "schemathesis", ...extraArguments] = process.argv.slice(2);

const [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
let exitCode = 1;
try {
  const fixtures = forumFixtures(db.prisma);
  const member = await fixtures.user({ username: "schemathesis" });
  const category = await fixtures.category({ slug: "umum" });
  await fixtures.thread({ categoryId: category.id, authorId: member.id, title: "Thread contoh untuk pengujian" });
  const { token } = await createAccessToken(db.prisma, member.id, { name: "schemathesis", expiresInDays: null, scopes: ACCESS_SCOPES }, {
    ipAddress: null,
    userAgent: null,
    deviceFingerprint: null,
  });
  // Write limits off: with them, most generated writes would only meet a (documented) 429.
  const app = await startTestHttpApp(db.prisma, { CAPTCHA_ENABLED: "false", RATE_LIMIT_ENABLED: "false", PAYMENT_GATEWAY: "sandbox" });
  try {
    const args = [
      "run",
      `${app.origin}/api/openapi.json`,
      "--checks",
      "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
      "--phases",
      "examples,coverage,fuzzing",
      "--max-examples",
      process.env.SCHEMATHESIS_MAX_EXAMPLES ?? "25",
      "--max-time",
      process.env.SCHEMATHESIS_MAX_TIME ?? "45",
      // One worker: with two, hypothesis (4.32.5) sometimes fails inside itself describing a
      // lambda from two threads at once ("AST constructor recursion depth mismatch").
      "--workers",
      "1",
      "--seed",
      process.env.SCHEMATHESIS_SEED ?? "14",
      // No example database in the worktree: a run is reproducible from its seed alone.
      "--generation-database",
      "none",
      "--header",
      `Authorization: Bearer ${token}`,
      "--no-color",
      ...extraArguments,
    ];
    exitCode = await new Promise<number>((resolve, reject) => {
      const child = spawn(schemathesis, args, { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, PYTHONUNBUFFERED: "1" } });
      // Schemathesis ends with a pytest-style banner ("=== 2 warnings in 90.00s ===") that names
      // no passed test: CI summaries read it as a run that tested nothing. Its own counts ("Test
      // cases: N generated, N passed") stand above it; the banner is printed as a plain line.
      createInterface({ input: child.stdout! }).on("line", (line) => {
        const banner = /^=+ (.+ in [\d.]+s) =+$/.exec(line);
        process.stdout.write(`${banner ? `schemathesis: ${banner[1]}` : line}\n`);
      });
      child.once("error", reject);
      child.once("close", (code) => resolve(code ?? 1));
    });
  } finally {
    await app.close();
  }
} finally {
  await Promise.all([db.close(), mongo.drop()]);
}
process.exit(exitCode);
