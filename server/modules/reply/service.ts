import { z } from "zod";
import { isId } from "../../platform/ids.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { toPage, type Page } from "../pagination.ts";
import { isThreadVisible } from "../thread/service.ts";
import { MAX_REPLY_DEPTH, type ReplyModel } from "./reply.model.ts";

export interface ReplyDeps {
  prisma: Prisma;
  replies: typeof ReplyModel;
}

/** Where a page of top-level replies ends: creation time (ms, as MongoDB stores it) and id. */
export const replyCursorPosition = z.object({
  at: z.number().int().min(0).max(8.64e15),
  id: z.string().refine((value) => isId("rpl", value)),
});
export type ReplyCursor = z.output<typeof replyCursorPosition>;

export interface ReplyListInput {
  threadId: number;
  cursor?: ReplyCursor;
  limit: number;
}

export interface ReplyNode {
  id: string;
  userId: number;
  username: string;
  /** Empty when the reply is deleted or hidden: its place in the tree stays, its text does not. */
  content: string;
  depth: number;
  isDeleted: boolean;
  /** Hidden by moderation (e.g. a banned author) rather than deleted by its author. */
  isHidden: boolean;
  createdAt: Date;
  editedAt: Date | null;
  children: ReplyNode[];
}

const oldestFirst = { createdAt: 1, _id: 1 } as const;

function toNode(reply: {
  _id: string;
  userId: number;
  username: string;
  content: string;
  depth: number;
  isDeleted: boolean;
  isHidden: boolean;
  createdAt: Date;
  editedAt?: Date | null;
}): ReplyNode {
  const concealed = reply.isDeleted || reply.isHidden;
  return {
    id: reply._id,
    userId: reply.userId,
    username: reply.username,
    content: concealed ? "" : reply.content,
    depth: reply.depth,
    isDeleted: reply.isDeleted,
    isHidden: reply.isHidden,
    createdAt: reply.createdAt,
    editedAt: reply.editedAt ?? null,
    children: [],
  };
}

/**
 * A page of a thread's top-level replies, oldest first, each with its whole subtree (at most
 * MAX_REPLY_DEPTH levels below it). Null when the thread is missing or deleted.
 */
export async function listReplies(
  { prisma, replies }: ReplyDeps,
  input: ReplyListInput,
): Promise<Page<ReplyNode> | null> {
  if (!(await isThreadVisible(prisma, input.threadId))) return null;
  const threadId = String(input.threadId);
  const after = input.cursor
    ? {
        $or: [
          { createdAt: { $gt: new Date(input.cursor.at) } },
          { createdAt: new Date(input.cursor.at), _id: { $gt: input.cursor.id } },
        ],
      }
    : {};
  const topLevel = await replies
    .find({ threadId, parentReplyId: null, ...after })
    .sort(oldestFirst)
    .limit(input.limit + 1)
    .lean();
  const page = toPage(topLevel, input.limit, toNode, (reply): ReplyCursor => ({
    at: reply.createdAt.getTime(),
    id: reply._id,
  }));

  // One query per level below the page, each fetching the children of the level above.
  let parents = new Map(page.items.map((node) => [node.id, node]));
  for (let depth = 1; depth <= MAX_REPLY_DEPTH && parents.size > 0; depth++) {
    const children = await replies
      .find({ threadId, parentReplyId: { $in: [...parents.keys()] } })
      .sort(oldestFirst)
      .lean();
    const level = new Map<string, ReplyNode>();
    for (const child of children) {
      const node = toNode(child);
      parents.get(child.parentReplyId ?? "")?.children.push(node);
      level.set(node.id, node);
    }
    parents = level;
  }
  return page;
}
