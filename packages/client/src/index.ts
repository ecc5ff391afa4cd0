import { createTRPCClient, httpBatchLink, httpBatchStreamLink, splitLink, type TRPCClient } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import superjson from "superjson";
import { MAX_TRPC_BATCH } from "../../../shared/request-limits.ts";
import { STREAMING_PROCEDURES } from "../../../shared/streaming-procedures.ts";
import type { AppRouter } from "./router.generated.ts";

export { TRPCClientError } from "@trpc/client";
export type { AppRouter, ErrorShape } from "./router.generated.ts";

/** Every procedure's input, by path: `RouterInputs["reply"]["create"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Every procedure's output, by path: `RouterOutputs["thread"]["get"]` (Dates stay Dates: superjson). */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type AlephdraadClient = TRPCClient<AppRouter>;

export interface AlephdraadClientOptions {
  /** The site's address, e.g. `https://alephdraad.example` (the API is at `/api/trpc` beneath it). */
  baseUrl: string;
  /**
   * A personal access token (`aleph_pat_...`, created at /pengaturan/token), sent as
   * `Authorization: Bearer`. Without one the client is anonymous: public reads only.
   */
  token?: string;
  /** A fetch of your own (a proxy, a test double); the global fetch otherwise. */
  fetch?: typeof globalThis.fetch;
}

/**
 * A typed client of the Alephdraad API. Calls made together are batched into one request
 * (at most the server's batch limit each); Aleph's streamed answers (`chat.sendStream`) arrive
 * piece by piece as an async iterable.
 *
 * ```ts
 * const aleph = createAlephdraadClient({ baseUrl: "https://alephdraad.example", token: process.env.ALEPH_TOKEN });
 * const thread = await aleph.thread.byId.query({ id: 42 });
 * ```
 */
export function createAlephdraadClient(options: AlephdraadClientOptions): AlephdraadClient {
  // Beneath the site's path, with or without its closing slash (https://host/forum/api/trpc).
  const url = new URL("api/trpc", options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`).href;
  const shared = {
    url,
    transformer: superjson,
    // The server refuses a longer batch; more calls at once go as several requests.
    maxItems: MAX_TRPC_BATCH,
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (operation) => STREAMING_PROCEDURES.has(operation.path),
        true: httpBatchStreamLink(shared),
        false: httpBatchLink(shared),
      }),
    ],
  });
}
