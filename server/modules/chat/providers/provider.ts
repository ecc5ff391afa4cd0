import type { ChatServiceType } from "../chat.model.ts";
import type { RetrievedThread } from "../retrieval.ts";

export interface PromptMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface CompletionRequest {
  /** The system prompt (with the forum threads as context), the bounded history, the question. */
  messages: PromptMessage[];
  question: string;
  /** Forum threads found for the question; the built-in provider answers from them alone. */
  context: RetrievedThread[];
  maxOutputTokens: number;
  /** Aborted when the asker goes away; the provider stops and nothing is charged. */
  signal: AbortSignal;
  /** Each piece of the answer as it is generated. */
  onDelta(text: string): void;
}

export interface Completion {
  content: string;
  /** The provider's own usage figures, when it reports them. */
  inputTokens?: number;
  outputTokens?: number;
}

export interface ChatProvider {
  readonly serviceType: ChatServiceType;
  /** Null for the built-in provider, which has no model. */
  readonly model: string | null;
  complete(request: CompletionRequest): Promise<Completion>;
}

export type ProviderFailure = "timeout" | "unavailable" | "bad_response" | "circuit_open";

/** A provider could not answer; nothing is charged and the question can be asked again. */
export class ProviderError extends Error {
  override name = "ProviderError";
  constructor(
    readonly reason: ProviderFailure,
    message: string,
    options: { cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
  /** When the circuit is open: how long until the provider is tried again. */
  readonly retryAfterMs: number | null;
}
