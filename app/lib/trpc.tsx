import type { SerializeFrom } from "@remix-run/node";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpBatchStreamLink, splitLink } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import { createTRPCContext, createTRPCOptionsProxy, type TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { useState, type ComponentType, type ReactNode } from "react";
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

function makeTrpcClient() {
  return createTRPCClient<AppRouter>({
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
  });
}

export interface BrowserApi {
  client: ReturnType<typeof makeTrpcClient>;
  queryClient: QueryClient;
  /** Query keys and options of the tab's cache, outside React (`trpc.reply.listByThread.queryKey()`). */
  trpc: TRPCOptionsProxy<AppRouter>;
}

let browserApi: BrowserApi | null = null;

/**
 * The browser tab's one tRPC client and query cache, shared by every ApiProvider of the page
 * and by the islands that call the API from event handlers (app/lib/api.ts). Browser only: on
 * the server each render has its own (a cache shared between requests would show one member's
 * data to another).
 */
export function tabApi(): BrowserApi {
  if (typeof document === "undefined") throw new Error("tabApi() is for the browser; the server renders with ApiProvider's own");
  if (!browserApi) {
    const client = makeTrpcClient();
    const queryClient = makeQueryClient();
    browserApi = { client, queryClient, trpc: createTRPCOptionsProxy<AppRouter>({ client, queryClient }) };
  }
  return browserApi;
}

/**
 * The hooks' context, around the pages and components that query at render (Aleph, the
 * notifications, the editor). Not at the root: pages without it (the topic page) ship neither
 * TanStack Query nor the tRPC client, and load them when a member acts (app/lib/api.ts).
 */
export function ApiProvider({ children }: { children: ReactNode }) {
  const [{ client, queryClient }] = useState(() =>
    typeof document === "undefined" ? { client: makeTrpcClient(), queryClient: makeQueryClient() } : tabApi(),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={client} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** A route or component wrapped in ApiProvider: `export default withApi(AlephPage)`. */
export function withApi<Props extends object>(Component: ComponentType<Props>): ComponentType<Props> {
  function WithApi(props: Props) {
    return (
      <ApiProvider>
        <Component {...props} />
      </ApiProvider>
    );
  }
  WithApi.displayName = `withApi(${Component.displayName ?? Component.name})`;
  return WithApi;
}

export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** A procedure's output as a loader hands it to components: Dates arrive as ISO strings. */
export type Loaded<T> = SerializeFrom<T>;
