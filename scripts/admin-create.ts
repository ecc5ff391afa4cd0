// npm run admin:create -- --email admin@example.org [--username name] [--reset]
// Creates an admin with no usable password and prints a one-time setup link (24 hours) where
// it chooses its password and enrols TOTP. Never a default password (README, "Administration").
// `--hint` (npm start) only prints how to do it, when no active admin has finished setup.
import { parseArgs } from "node:util";
import { z } from "zod";
import { issueSetupLink } from "../server/modules/admin/service.ts";
import { emailSchema, usernameSchema } from "../server/modules/auth/schemas.ts";
import { createPostgres } from "../server/platform/db/postgres.ts";
import { env, EnvError, type Env } from "../server/platform/env.ts";
import { DomainError } from "../server/platform/errors.ts";
import { publicOriginString } from "../server/platform/public-origin.ts";

const { values } = parseArgs({
  options: { email: { type: "string" }, username: { type: "string" }, reset: { type: "boolean", default: false }, hint: { type: "boolean", default: false } },
});

/** The configuration, or its one-line complaint (APP_URL is needed in production: the link is built from it). */
function loadConfig(): Env {
  try {
    return env();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`admin:create: ${error.message}`);
    process.exit(2);
  }
}

if (values.hint) {
  const config = loadConfig();
  const postgres = createPostgres({ url: config.DATABASE_URL, max: 1 });
  try {
    if ((await postgres.prisma.admin.count({ where: { isActive: true, totpEnabled: true } })) === 0) {
      // The command runs in a shell of its own, without the APP_URL npm start may have chosen: name it.
      console.log(
        `no admin yet: create the first with  ${config.APP_URL ? `APP_URL=${config.APP_URL} ` : ""}npm run admin:create -- --email you@example.org  (it prints a setup link)`,
      );
    }
  } finally {
    await postgres.close();
  }
  process.exit(0);
}
const input = z.object({ email: emailSchema, username: usernameSchema }).safeParse({
  email: values.email,
  // The part before @ unless named: an admin's username only shows in the staff log.
  username: values.username ?? values.email?.split("@")[0]?.replace(/[^a-zA-Z0-9._-]/g, "").padEnd(3, "0"),
});
if (!input.success) {
  console.error(`admin:create: ${input.error.issues.map((issue) => `--${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  console.error("usage: npm run admin:create -- --email admin@example.org [--username name] [--reset]");
  process.exit(2);
}

const config = loadConfig();
const postgres = createPostgres({ url: config.DATABASE_URL, max: 1 });
try {
  const link = await issueSetupLink(postgres.prisma, { ...input.data, reset: values.reset }, publicOriginString(config));
  console.log(link.created ? `admin ${input.data.email} created.` : `new setup link for admin ${input.data.email} (the previous one no longer works).`);
  console.log(`setup link (valid 24 hours, once): ${link.url}`);
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  console.error(`admin:create: ${error.message}`);
  process.exitCode = 1;
} finally {
  await postgres.close();
}
