import net from "node:net";
import mongoose from "mongoose";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createForumTestDatabase, forumFixtures } from "../testing/forum.ts";
import { createPostgres } from "./db/postgres.ts";
import { isInfrastructureError } from "./outage.ts";
import { createRedis } from "./redis.ts";

/** A port on 127.0.0.1 that nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const failureOf = async (work: () => Promise<unknown>): Promise<unknown> => {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
};

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let port = 0;
beforeAll(async () => {
  db = await createForumTestDatabase();
  port = await closedPort();
});
afterAll(() => db?.close());

describe("isInfrastructureError, on the errors the real clients throw", () => {
  it("recognises PostgreSQL being unreachable, through pg and through Prisma", async () => {
    const client = new pg.Client({ connectionString: `postgresql://u:p@127.0.0.1:${port}/x`, connectionTimeoutMillis: 2_000 });
    expect(isInfrastructureError(await failureOf(() => client.connect()))).toBe(true);

    const postgres = createPostgres({ url: `postgresql://u:p@127.0.0.1:${port}/x`, max: 1 });
    try {
      const error = await failureOf(() => postgres.prisma.user.count());
      expect(isInfrastructureError(error)).toBe(true);
      // As tRPC hands it to a middleware: wrapped, the original as cause.
      expect(isInfrastructureError(new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error }))).toBe(true);
    } finally {
      await postgres.close();
    }
  });

  it("recognises MongoDB being unreachable", async () => {
    const connection = mongoose.createConnection();
    try {
      const error = await failureOf(() =>
        connection.openUri(`mongodb://127.0.0.1:${port}/x`, { serverSelectionTimeoutMS: 300 }),
      );
      expect(isInfrastructureError(error)).toBe(true);
    } finally {
      await connection.close().catch(() => {});
    }
  });

  it("recognises Redis being unreachable", async () => {
    const redis = createRedis(`redis://127.0.0.1:${port}/0`)!;
    try {
      expect(isInfrastructureError(await failureOf(() => redis.get("k")))).toBe(true);
    } finally {
      redis.disconnect();
    }
  });

  it("leaves bugs and refused requests alone", async () => {
    const fixtures = forumFixtures(db.prisma);
    const user = await fixtures.user();
    // A unique violation is the caller's problem, not an outage.
    const duplicate = await failureOf(() => fixtures.user({ username: user.username }));
    expect(isInfrastructureError(duplicate)).toBe(false);
    expect(isInfrastructureError(new TRPCError({ code: "NOT_FOUND", message: "Thread tidak ditemukan." }))).toBe(false);
    expect(isInfrastructureError(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isInfrastructureError(null)).toBe(false);
    // A cause cycle ends.
    const looped = new Error("a") as Error & { cause?: unknown };
    looped.cause = looped;
    expect(isInfrastructureError(looped)).toBe(false);
  });
});
