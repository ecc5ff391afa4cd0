import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousCaller, createForumTestDatabase, forumFixtures } from "../../testing/forum.ts";
import { connectTestMongo, type TestMongo } from "../../testing/mongo.ts";
import { ReactionModel } from "./reaction.model.ts";
import { summarizeReactions } from "./service.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: TestMongo;
let threadId: number;
let deletedThreadId: number;

beforeAll(async () => {
  [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  const fixtures = forumFixtures(db.prisma);
  const author = await fixtures.user();
  const category = await fixtures.category();
  threadId = (await fixtures.thread({ categoryId: category.id, authorId: author.id })).id;
  deletedThreadId = (await fixtures.thread({ categoryId: category.id, authorId: author.id, isDeleted: true })).id;
  await ReactionModel.create([
    { threadId: String(threadId), userId: 1, type: "like" },
    { threadId: String(threadId), userId: 2, type: "like" },
    { threadId: String(threadId), userId: 3, type: "fire" },
    { threadId: String(threadId), userId: 4, type: "sad", isHidden: true },
    { threadId: String(deletedThreadId), userId: 1, type: "love" },
  ]);
});
afterAll(async () => {
  await Promise.all([db?.close(), mongo?.drop()]);
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
