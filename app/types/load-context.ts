import type { ServerCaller } from "../../server/trpc/root.ts";

declare module "@remix-run/node" {
  /** Built per request by server/http/app.ts and handed to every loader and action. */
  interface AppLoadContext {
    /** The tRPC router called in-process, with this request's context. */
    trpc: ServerCaller;
    /** Nonce of this response's Content-Security-Policy, for inline scripts. */
    cspNonce: string;
    requestId: string;
    /** The site's public origin (server/platform/public-origin.ts), for absolute URLs. */
    publicOrigin: string;
  }
}

export {};
