import { useQuery } from "@tanstack/react-query";
import { useTRPC, withApi } from "~/lib/trpc.tsx";
import { MoreReplies, MoreRepliesButton, ReplyItem, type MoreRepliesPosition, type ReplyNode, type ReplyViewer } from "./reply-tree.tsx";

/**
 * The answers behind a "more answers" button (loaded with the API's code, see MoreReplies): a
 * query of the tab's cache, so a live event refreshes it (LiveReplies invalidates these lists).
 */
function LoadedMoreReplies({ position, viewer }: { position: MoreRepliesPosition; viewer: ReplyViewer }) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.reply.listByThread.queryOptions({
      threadId: viewer.threadId,
      parentReplyId: position.parentReplyId,
      cursor: position.cursor ?? undefined,
    }),
  );
  if (!query.data) return <MoreRepliesButton pending={query.isFetching} error={query.error} onClick={() => void query.refetch()} />;
  // The client's data carries Dates (superjson); the tree renders what a loader sends (JSON).
  const replies = JSON.parse(JSON.stringify(query.data.items)) as ReplyNode[];
  return (
    <>
      {replies.map((reply) => (
        <ReplyItem key={reply.id} reply={reply} viewer={viewer} />
      ))}
      {query.data.nextCursor && (
        <MoreReplies position={{ parentReplyId: position.parentReplyId, cursor: query.data.nextCursor }} viewer={viewer} />
      )}
    </>
  );
}

export default withApi(LoadedMoreReplies);
