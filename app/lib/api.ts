import { useCallback, useRef, useState } from "react";
import type { BrowserApi } from "./trpc.tsx";

/*
 * The API for pages that render without it (the topic page): the tRPC client and TanStack
 * Query (app/lib/trpc.tsx, about 26 KB gzipped) are a chunk of their own, imported the first
 * time a member acts (a reaction, a reply, a watch level), never with the page. This module
 * imports only their types.
 */

let loading: Promise<BrowserApi> | null = null;
let loaded: BrowserApi | null = null;

/** The tab's API, loading its code on the first call (browser only: call it from handlers and effects). */
export function loadApi(): Promise<BrowserApi> {
  loading ??= import("./trpc.tsx").then(
    (module) => (loaded = module.tabApi()),
    (error: unknown) => {
      // A failed download (offline) is tried again on the next action.
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** The tab's API if something already loaded it (to refresh its cache), or null. */
export function loadedApi(): BrowserApi | null {
  return loaded;
}

/** The vanilla tRPC client: `(await api()).reply.create.mutate(input)`. */
export async function api(): Promise<BrowserApi["client"]> {
  return (await loadApi()).client;
}

export interface Action<Input, Output> {
  mutate: (input: Input) => void;
  mutateAsync: (input: Input) => Promise<Output>;
  isPending: boolean;
  /** The last call's refusal (a TRPCClientError or a failed download), until the next call. */
  error: unknown;
  /** The input of the call under way or last made. */
  variables: Input | undefined;
}

/**
 * A mutation's state without TanStack Query, for the islands of pages that do not ship it: the
 * same names (mutate, isPending, error, variables), so a component reads as with useMutation.
 */
export function useAction<Input, Output>(
  run: (input: Input) => Promise<Output>,
  options: { onSuccess?: (output: Output, input: Input) => void } = {},
): Action<Input, Output> {
  const [state, setState] = useState<{ isPending: boolean; error: unknown; variables: Input | undefined }>({
    isPending: false,
    error: null,
    variables: undefined,
  });
  // The latest callbacks, so a call started before a re-render ends with the current ones.
  const latest = useRef({ run, options });
  latest.current = { run, options };
  const mutateAsync = useCallback(async (input: Input) => {
    setState({ isPending: true, error: null, variables: input });
    try {
      const output = await latest.current.run(input);
      setState({ isPending: false, error: null, variables: input });
      latest.current.options.onSuccess?.(output, input);
      return output;
    } catch (error) {
      setState({ isPending: false, error, variables: input });
      throw error;
    }
  }, []);
  const mutate = useCallback((input: Input) => void mutateAsync(input).catch(() => {}), [mutateAsync]);
  return { mutate, mutateAsync, ...state };
}
