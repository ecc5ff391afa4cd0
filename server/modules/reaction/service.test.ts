import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousCaller, createThreadActivityTestbed } from "../../testing/forum.ts";
import { ReactionModel } from "./reaction.model.ts";
import { summarizeReactions } from "./service.ts";

let db: Awaited<ReturnType<typeof createThreadActivityTestbed>>;
let threadId: number;
let deletedThreadId: number;

beforeAll(async () => {
  db = await createThreadActivityTestbed();
  ({ threadId, deletedThreadId } = db);
  await ReactionModel.create([
    { threadId: String(threadId), userId: 1, type: "like" },
    { threadId: String(threadId), userId: 2, type: "like" },
    { threadId: String(threadId), userId: 3, type: "fire" },
    { threadId: String(threadId), userId: 4, type: "sad", isHidden: true },
    { threadId: String(deletedThreadId), userId: 1, type: "love" },
  ]);
});
afterAll(async () => {
  await db?.close();
});

const deps = () => ({ prisma: db.prisma, reactions: ReactionModel });

describe("reaction service", () => {
  it("counts every type, zeros included, leaving out hidden reactions", async () => {
    expect(await anonymousCaller(db.prisma).reaction.summary({ threadId })).toEqual({
      counts: { like: 2, love: 0, fire: 1, sad: 0, laugh: 0 },
      total: 3,
      mine: null,
    });
  });

  it("tells a signed-in viewer their own reaction", async () => {
    expect((await summarizeReactions(deps(), threadId, 3))?.mine).toBe("fire");
    expect((await summarizeReactions(deps(), threadId, 99))?.mine).toBeNull();
  });

  it("shows nothing for a deleted or missing thread", async () => {
    expect(await summarizeReactions(deps(), deletedThreadId, null)).toBeNull();
    await expect(anonymousCaller(db.prisma).reaction.summary({ threadId: 424242 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
