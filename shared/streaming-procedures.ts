/**
 * Procedures whose answer is streamed as it is generated (an async iterable: Aleph's replies).
 * Clients send them through httpBatchStreamLink (app/lib/trpc.tsx, packages/client); the client
 * package's generator refuses to build while this list and the router's types disagree.
 */
export const STREAMING_PROCEDURES: ReadonlySet<string> = new Set(["chat.sendStream"]);
