import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCache } from "../platform/cache.ts";
import { createTestAdmin, createThreadActivityTestbed, forumFixtures } from "../testing/forum.ts";
import { moderateContent } from "./moderation/service.ts";
import { toggleReaction } from "./reaction/service.ts";
import { createReply, deleteReply, updateReply } from "./reply/service.ts";
import type { AdminActor } from "./staff-log/service.ts";

let db: Awaited<ReturnType<typeof createThreadActivityTestbed>>;
let member: { id: number; username: string };
let admin: AdminActor;

beforeAll(async () => {
  db = await createThreadActivityTestbed();
  member = await forumFixtures(db.prisma).user();
  admin = await createTestAdmin(db.prisma);
});
afterAll(async () => {
  await db?.close();
});

/** Stands in for ctx.live: what the services published, in order. */
function recorder(options: { failing?: boolean } = {}) {
  const published: [string, string, unknown][] = [];
  return {
    published,
    live: {
      async publish(channel: string, type: string, data: unknown) {
        if (options.failing) throw new Error("redis down");
        published.push([channel, type, data]);
        return String(published.length);
      },
    },
    logger: { warn() {} },
  };
}

describe("live events of thread writes", () => {
  it("publishes a reply's creation, edit and deletion on its thread's channel, ids only", async () => {
    const { live, published, logger } = recorder();
    const deps = { prisma: db.prisma, live, logger };
    const reply = await createReply(deps, member, { threadId: db.threadId, content: "Rahasia isi balasan" });
    const answer = await createReply(deps, member, { threadId: db.threadId, parentReplyId: reply.id, content: "jawaban" });
    await updateReply(deps, reply.id, "Isi baru");
    await deleteReply(deps, answer.id);
    const channel = `thread:${db.threadId}`;
    expect(published).toEqual([
      [channel, "reply.created", { replyId: reply.id, parentReplyId: null }],
      [channel, "reply.created", { replyId: answer.id, parentReplyId: reply.id }],
      [channel, "reply.updated", { replyId: reply.id }],
      [channel, "reply.deleted", { replyId: answer.id }],
    ]);
    // Content never travels on the bus: the page fetches it through the procedures.
    expect(JSON.stringify(published)).not.toMatch(/Rahasia|Isi baru|jawaban/);
  });

  it("publishes nothing for a write that was refused", async () => {
    const { live, published, logger } = recorder();
    const deps = { prisma: db.prisma, live, logger };
    await expect(createReply(deps, member, { threadId: db.deletedThreadId, content: "x" })).rejects.toThrow();
    await expect(updateReply(deps, "rpl_doesnotexist000000000", "x")).rejects.toThrow();
    expect(await toggleReaction(deps, db.deletedThreadId, member.id, "like")).toBeNull();
    expect(published).toEqual([]);
  });

  it("keeps the write when the bus cannot publish", async () => {
    const { live, logger } = recorder({ failing: true });
    const reply = await createReply({ prisma: db.prisma, live, logger }, member, { threadId: db.threadId, content: "tetap tersimpan" });
    expect(reply.content).toBe("tetap tersimpan");
  });

  it("publishes a reaction toggle as the thread's counts, without whose reaction it is", async () => {
    const { live, published, logger } = recorder();
    const deps = { prisma: db.prisma, live, logger };
    await toggleReaction(deps, db.threadId, member.id, "fire");
    expect(published).toHaveLength(1);
    const [channel, type, data] = published[0]!;
    expect([channel, type]).toEqual([`thread:${db.threadId}`, "reactions"]);
    expect(data).toEqual({ counts: expect.objectContaining({ fire: 1, like: 0 }) });
    expect(JSON.stringify(data)).not.toMatch(/mine|userId/);
  });

  it("publishes a reply hidden or shown again by a moderator, after the decision", async () => {
    const reply = await createReply({ prisma: db.prisma }, member, { threadId: db.threadId, content: "akan disembunyikan" });
    const { live, published, logger } = recorder();
    const deps = { prisma: db.prisma, cache: createCache(null), live, logger };
    await moderateContent(deps, admin, { targetType: "reply", targetId: reply.id, hidden: true, note: "" });
    await moderateContent(deps, admin, { targetType: "reply", targetId: reply.id, hidden: false, note: "" });
    expect(published).toEqual([
      [`thread:${db.threadId}`, "reply.updated", { replyId: reply.id }],
      [`thread:${db.threadId}`, "reply.updated", { replyId: reply.id }],
    ]);
  });
});
