/**
 * Most calls one batched tRPC request may carry: the server refuses a longer batch
 * (server/http/limits.ts); the browser client batches at most half of it (app/lib/trpc.tsx), the
 * client package (packages/client) all of it.
 */
export const MAX_TRPC_BATCH = 20;
