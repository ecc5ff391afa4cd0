import type { SerializeFrom } from "@remix-run/node";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpBatchStreamLink, splitLink } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import { MAX_TRPC_BATCH } from "../../shared/request-limits.ts";
import { STREAMING_PROCEDURES } from "../../shared/streaming-procedures.ts";
import type { AppRouter } from "../../server/trpc/root.ts";
import { deviceFingerprint } from "./device-fingerprint.ts";

/** Typed hooks for the browser: `const trpc = useTRPC(); useQuery(trpc.thread.list.queryOptions(...))`. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

function makeQueryClient() {
  return new QueryClient({
    // Pages arrive rendered by loaders; a short stale time avoids refetching them at once.
    defaultOptions: {
      queries: { staleTime: 30_000 },
      // Offline, a write is tried at once rather than paused unseen until the browser is back online:
      // it fails as a connection failure, which the composers hand to the outbox (app/lib/outbox.ts)
      // and other forms show as an error.
      mutations: { networkMode: "always" },
    },
  });
}

// The server refuses longer batches; more queries at once are sent as several batches.
const BATCH_ITEMS = MAX_TRPC_BATCH / 2;

/** One query cache and tRPC client per browser tab (per request on the server). */
export function ApiProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          // Procedures that stream their answer (Aleph's replies) are read as it arrives.
          condition: (op) => STREAMING_PROCEDURES.has(op.path),
          true: httpBatchStreamLink({ url: "/api/trpc", transformer: superjson, maxItems: BATCH_ITEMS }),
          false: httpBatchLink({
            url: "/api/trpc",
            transformer: superjson,
            maxItems: BATCH_ITEMS,
            // Device bans are checked against this browser's fingerprint.
            headers: async () => {
              const fingerprint = await deviceFingerprint();
              return fingerprint ? { "x-device-fingerprint": fingerprint } : {};
            },
          }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** A procedure's output as a loader hands it to components: Dates arrive as ISO strings. */
export type Loaded<T> = SerializeFrom<T>;
