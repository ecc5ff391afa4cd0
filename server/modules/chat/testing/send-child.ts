/*
 * A separate process that asks Aleph one question, for the test that SIGKILLs a server
 * mid-answer (recovery.test.ts). Configured by environment variables: CHILD_MONGODB_URL,
 * CHILD_DATABASE_URL, CHILD_PROVIDER_URL, CHILD_USER_ID, CHILD_KEY, CHILD_RESERVATION_TTL_MS.
 * Prints `delta` for each piece of the answer, `done` when it finished.
 */
import { connectMongo } from "../../../platform/db/mongo.ts";
import { createPostgres } from "../../../platform/db/postgres.ts";
import { openAiProvider } from "../providers/openai.ts";
import { sendMessage } from "../service.ts";

const config = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

await connectMongo(config("CHILD_MONGODB_URL"));
const postgres = createPostgres({ url: config("CHILD_DATABASE_URL"), max: 2 });
await sendMessage(
  {
    prisma: postgres.prisma,
    env: { WALLET_WELCOME_TOKENS: 10_000 },
    provider: openAiProvider({ baseUrl: config("CHILD_PROVIDER_URL"), apiKey: "sk-test", model: "fake-gpt", timeoutMs: 30_000 }),
    maxOutputTokens: 256,
    reservationTtlMs: Number(config("CHILD_RESERVATION_TTL_MS")),
  },
  {
    userId: Number(config("CHILD_USER_ID")),
    content: "Cara deploy Remix ke VPS?",
    idempotencyKey: config("CHILD_KEY"),
    onDelta: () => process.stdout.write("delta\n"),
  },
);
process.stdout.write("done\n");
process.exit(0);
