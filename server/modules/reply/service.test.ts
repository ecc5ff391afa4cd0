import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousCaller, createThreadActivityTestbed, forumFixtures } from "../../testing/forum.ts";
import { ReplyModel } from "./reply.model.ts";
import { listReplies, MAX_REPLIES_PER_PAGE, replyBudgetOf, type ReplyNode } from "./service.ts";

let db: Awaited<ReturnType<typeof createThreadActivityTestbed>>;
let threadId: number;
let deletedThreadId: number;

beforeAll(async () => {
  db = await createThreadActivityTestbed();
  ({ threadId, deletedThreadId } = db);
});
afterAll(async () => {
  await db?.close();
});

const at = (minute: number) => new Date(Date.UTC(2026, 0, 7, 10, minute));

async function reply(data: { content: string; minute: number; parent?: { _id: string; depth: number }; isDeleted?: boolean; isHidden?: boolean; thread?: number }) {
  const created = await ReplyModel.create({
    threadId: String(data.thread ?? threadId),
    userId: 7,
    username: "sari.codes",
    content: data.content,
    parentReplyId: data.parent?._id ?? null,
    depth: data.parent ? data.parent.depth + 1 : 0,
    isDeleted: data.isDeleted ?? false,
    isHidden: data.isHidden ?? false,
  });
  // Explicit times: replies made within one millisecond would otherwise tie.
  await ReplyModel.updateOne({ _id: created._id }, { $set: { createdAt: at(data.minute) } }, { timestamps: false });
  return created;
}

const deps = () => ({ prisma: db.prisma, replies: ReplyModel });
const countNodes = (nodes: ReplyNode[]): number => nodes.reduce((sum, node) => sum + 1 + countNodes(node.children), 0);
const outline = (nodes: ReplyNode[]): unknown[] =>
  nodes.map((node) => (node.children.length ? [node.content, outline(node.children)] : node.content));

describe("reply service", () => {
  it("pages top-level replies oldest first, each with its subtree down to depth 3", async () => {
    const first = await reply({ content: "pertama", minute: 1 });
    const child = await reply({ content: "anak", minute: 2, parent: first });
    const grandchild = await reply({ content: "cucu", minute: 3, parent: child, isDeleted: true });
    await reply({ content: "cicit", minute: 4, parent: grandchild });
    await reply({ content: "anak kedua", minute: 5, parent: first });
    await reply({ content: "kedua", minute: 6 });
    await reply({ content: "disembunyikan", minute: 7, isHidden: true });
    await reply({ content: "keempat", minute: 8 });
    await reply({ content: "thread lain", minute: 0, thread: deletedThreadId });

    const firstPage = await listReplies(deps(), { threadId, limit: 2 });
    expect(outline(firstPage!.items)).toEqual([
      ["pertama", [["anak", [["", ["cicit"]]]], "anak kedua"]],
      "kedua",
    ]);
    const deleted = firstPage!.items[0]!.children[0]!.children[0]!;
    expect(deleted).toMatchObject({ id: grandchild._id, depth: 2, isDeleted: true, content: "" });
    expect(deleted.children[0]).toMatchObject({ depth: 3, content: "cicit" });

    const caller = anonymousCaller(db.prisma);
    const secondPage = await caller.reply.listByThread({ threadId, limit: 2, cursor: firstPage!.nextCursor! });
    expect(secondPage.items.map((node) => [node.content, node.isHidden])).toEqual([
      ["", true],
      ["keempat", false],
    ]);
    expect(secondPage.nextCursor).toBeNull();
  });

  it("keeps its place for replies that share a creation time", async () => {
    const fixtures = forumFixtures(db.prisma);
    const thread = await fixtures.thread({
      categoryId: (await fixtures.category()).id,
      authorId: (await fixtures.user()).id,
    });
    for (const content of ["a", "b", "c"]) await reply({ content, minute: 30, thread: thread.id });

    const caller = anonymousCaller(db.prisma);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await caller.reply.listByThread({ threadId: thread.id, limit: 1, cursor });
      seen.push(...page.items.map((node) => node.content));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(["a", "b", "c"]);
  });

  it("shows nothing for a deleted or missing thread", async () => {
    expect(await listReplies(deps(), { threadId: deletedThreadId, limit: 20 })).toBeNull();
    await expect(anonymousCaller(db.prisma).reply.listByThread({ threadId: 424242 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("bounds a page in total replies, however big a subtree, and says where the rest continue", async () => {
    const fixtures = forumFixtures(db.prisma);
    const thread = await fixtures.thread({ categoryId: (await fixtures.category()).id, authorId: (await fixtures.user()).id });
    // The shape: one top-level reply with 60 replies under it (61 in all), then a second.
    const top = await reply({ content: "akar", minute: 40, thread: thread.id });
    const expected = new Set([top._id]);
    for (let i = 0; i < 20; i++) {
      const child = await reply({ content: `anak ${i}`, minute: 41 + i, parent: top, thread: thread.id });
      expected.add(child._id);
      for (let j = 0; j < 2; j++) {
        expected.add((await reply({ content: `cucu ${i}.${j}`, minute: 41 + i, parent: child, thread: thread.id }))._id);
      }
    }
    const second = await reply({ content: "akar kedua", minute: 59, thread: thread.id });
    expected.add(second._id);

    const caller = anonymousCaller(db.prisma);
    const first = await caller.reply.listByThread({ threadId: thread.id, limit: 1 });
    expect(first.items.map((node) => node.content)).toEqual(["akar"]);
    expect(countNodes(first.items as unknown as ReplyNode[])).toBeLessThanOrEqual(replyBudgetOf(1));
    expect(first.items[0]!.moreReplies).not.toBeNull();
    expect(first.nextCursor).not.toBeNull();

    // Following every "more replies" and every next page reaches each reply exactly once, and
    // no page is ever larger than its budget.
    const seen: string[] = [];
    const walk = async (request: { parentReplyId?: string; cursor?: string }, limit: number) => {
      const page = await caller.reply.listByThread({ threadId: thread.id, limit, ...request });
      expect(countNodes(page.items as unknown as ReplyNode[])).toBeLessThanOrEqual(replyBudgetOf(limit));
      const visit = async (nodes: typeof page.items) => {
        for (const node of nodes) {
          seen.push(node.id);
          await visit(node.children);
          if (node.moreReplies) await walk({ parentReplyId: node.id, cursor: node.moreReplies.cursor ?? undefined }, limit);
        }
      };
      await visit(page.items);
      if (page.nextCursor) await walk({ parentReplyId: request.parentReplyId, cursor: page.nextCursor }, limit);
    };
    await walk({}, 1);
    expect(seen.sort()).toEqual([...expected].sort());
    seen.length = 0;
    await walk({}, 3);
    expect(seen.sort()).toEqual([...expected].sort());

    // The largest page a caller may ask for stays under the hard cap.
    const widest = await caller.reply.listByThread({ threadId: thread.id, limit: 50 });
    expect(countNodes(widest.items as unknown as ReplyNode[])).toBeLessThanOrEqual(MAX_REPLIES_PER_PAGE);
    await expect(caller.reply.listByThread({ threadId: thread.id, limit: 51 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
