import CircuitBreaker from "opossum";
import { ProviderError, type ChatProvider, type Completion, type CompletionRequest } from "./provider.ts";

export interface CircuitBreakerOptions {
  /** Calls within the rolling window before the failure rate is judged at all. */
  minimumCalls: number;
  /** Share of failed calls (percent) that opens the circuit. */
  failurePercentage: number;
  /** How long an open circuit fails fast before letting one trial call through. */
  resetTimeoutMs: number;
  /** The window the failure rate is measured over. */
  windowMs: number;
}

export const DEFAULT_BREAKER: CircuitBreakerOptions = {
  minimumCalls: 3,
  failurePercentage: 50,
  resetTimeoutMs: 30_000,
  windowMs: 60_000,
};

export type GuardedProvider = ChatProvider & { readonly breaker: CircuitBreaker<[CompletionRequest], Completion> };

/**
 * An external provider behind a circuit breaker: after repeated failures the
 * circuit opens and every ask fails at once, saying when to retry, instead of waiting on a
 * provider that is down; after `resetTimeoutMs` one trial call decides whether it closes again.
 * Only the provider's own failures count, not askers who leave.
 */
export function withCircuitBreaker(provider: ChatProvider, options: CircuitBreakerOptions = DEFAULT_BREAKER): GuardedProvider {
  const breaker = new CircuitBreaker((request: CompletionRequest) => provider.complete(request), {
    // The provider enforces its own deadline (and aborts the request); the breaker just counts.
    timeout: false,
    volumeThreshold: options.minimumCalls,
    errorThresholdPercentage: options.failurePercentage,
    resetTimeout: options.resetTimeoutMs,
    rollingCountTimeout: options.windowMs,
    // true = not a failure of the provider.
    errorFilter: (error: unknown) => !(error instanceof ProviderError),
  });
  let openedAt = 0;
  breaker.on("open", () => {
    openedAt = Date.now();
  });
  return {
    serviceType: provider.serviceType,
    model: provider.model,
    breaker,
    async complete(request) {
      try {
        return await breaker.fire(request);
      } catch (error) {
        if (error instanceof Error && (error as { code?: string }).code === "EOPENBREAKER") {
          const retryAfterMs = Math.max(0, openedAt + options.resetTimeoutMs - Date.now());
          throw new ProviderError("circuit_open", "Layanan AI sedang tidak tersedia setelah beberapa kali gagal.", {
            cause: error,
            retryAfterMs,
          });
        }
        throw error;
      }
    },
  };
}
