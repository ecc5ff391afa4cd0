import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousCaller, createThreadActivityTestbed, forumFixtures, testCaller } from "../../testing/forum.ts";
import { ReactionModel } from "./reaction.model.ts";

let db: Awaited<ReturnType<typeof createThreadActivityTestbed>>;
let member: { id: number; username: string };

beforeAll(async () => {
  db = await createThreadActivityTestbed();
  member = await forumFixtures(db.prisma).user({ username: "pereaksi" });
});
afterAll(async () => {
  await db?.close();
});

describe("reaction.toggle", () => {
  it("adds, changes and removes my reaction, answering the counts with mine", async () => {
    const caller = testCaller(db.prisma, member);
    expect(await caller.reaction.toggle({ threadId: db.threadId, type: "like" })).toMatchObject({
      counts: { like: 1, love: 0 },
      total: 1,
      mine: "like",
    });
    expect(await caller.reaction.toggle({ threadId: db.threadId, type: "love" })).toMatchObject({
      counts: { like: 0, love: 1 },
      total: 1,
      mine: "love",
    });
    expect(await caller.reaction.summary({ threadId: db.threadId })).toMatchObject({ mine: "love" });
    expect(await caller.reaction.toggle({ threadId: db.threadId, type: "love" })).toMatchObject({ total: 0, mine: null });
  });

  it("never leaves two reactions or a wrong count under concurrent toggles by one user", async () => {
    const caller = testCaller(db.prisma, member);
    for (let round = 0; round < 5; round++) {
      const types = ["like", "fire", "sad", "laugh", "love", "like", "fire", "like"] as const;
      await Promise.all(types.map((type) => caller.reaction.toggle({ threadId: db.threadId, type })));
      const rows = await ReactionModel.find({ threadId: String(db.threadId), userId: member.id }).lean();
      expect(rows.length).toBeLessThanOrEqual(1);
      const summary = await caller.reaction.summary({ threadId: db.threadId });
      expect(summary.total).toBe(rows.length);
      expect(summary.mine).toBe(rows[0]?.type ?? null);
    }
    // Many identical toggles at once: whatever the interleaving, at most one row remains.
    await Promise.all(Array.from({ length: 10 }, () => caller.reaction.toggle({ threadId: db.threadId, type: "fire" })));
    expect(await ReactionModel.countDocuments({ threadId: String(db.threadId), userId: member.id })).toBeLessThanOrEqual(1);
  });

  it("refuses visitors, unknown types and deleted threads", async () => {
    await expect(anonymousCaller(db.prisma).reaction.toggle({ threadId: db.threadId, type: "like" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    const caller = testCaller(db.prisma, member);
    await expect(caller.reaction.toggle({ threadId: db.threadId, type: "angry" as never })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(caller.reaction.toggle({ threadId: db.deletedThreadId, type: "like" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
