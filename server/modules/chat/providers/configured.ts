import type { Env } from "../../../platform/env.ts";
import { builtinProvider } from "./builtin.ts";
import { withCircuitBreaker } from "./circuit-breaker.ts";
import { huggingFaceProvider } from "./huggingface.ts";
import { openAiProvider } from "./openai.ts";
import type { ChatProvider } from "./provider.ts";

/** The built-in answer streams a few words per tick, like a model would. */
const BUILTIN_STREAM_DELAY_MS = 12;

/**
 * The provider ALEPH_PROVIDER names. Built once per server by createAppServices
 * (server/app-services.ts) and reached as `ctx.aleph`, so every request shares one circuit
 * breaker. External providers sit behind the breaker; the built-in one cannot go down.
 */
export function createConfiguredProvider(env: Env): ChatProvider {
  switch (env.ALEPH_PROVIDER) {
    case "builtin":
      return builtinProvider({ streamDelayMs: BUILTIN_STREAM_DELAY_MS });
    case "openai":
      return withCircuitBreaker(
        openAiProvider({
          baseUrl: env.OPENAI_BASE_URL,
          apiKey: env.OPENAI_API_KEY,
          model: env.OPENAI_MODEL,
          timeoutMs: env.ALEPH_TIMEOUT_MS,
        }),
      );
    case "huggingface":
      return withCircuitBreaker(
        huggingFaceProvider({
          apiUrl: env.HF_API_URL,
          token: env.HF_TOKEN,
          model: env.HF_MODEL,
          timeoutMs: env.ALEPH_TIMEOUT_MS,
        }),
      );
  }
}
