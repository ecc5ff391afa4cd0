import { z } from "zod";
import { eventData, expectShape, isEventStream, MALFORMED, parseJson, postJson, readJson, UNAVAILABLE, urlUnder } from "./http.ts";
import { ProviderError, type ChatProvider, type Completion, type CompletionRequest } from "./provider.ts";

export interface OpenAiConfig {
  /** e.g. https://api.openai.com/v1, http://127.0.0.1:11434/v1 (Ollama), an n8n webhook base. */
  baseUrl: string;
  apiKey: string | undefined;
  model: string;
  timeoutMs: number;
}

const usage = z.object({ prompt_tokens: z.number().int().min(0), completion_tokens: z.number().int().min(0) });

const streamChunk = z.object({
  choices: z.array(z.object({ delta: z.object({ content: z.string().nullish() }).nullish() })).nullish(),
  usage: usage.nullish(),
});

const streamError = z.object({ error: z.object({ message: z.string() }) });

const wholeAnswer = z.union([
  z.object({ choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1), usage: usage.nullish() }),
  // An n8n webhook's answer (README, "Aleph's AI provider"): { content, inputTokens, outputTokens }.
  z.object({
    content: z.string(),
    inputTokens: z.number().int().min(0).optional(),
    outputTokens: z.number().int().min(0).optional(),
  }),
]);

/** Chat completions of any OpenAI-compatible API, streamed when the server streams. */
export function openAiProvider(config: OpenAiConfig): ChatProvider {
  const url = urlUnder(config.baseUrl, "chat/completions");
  return {
    serviceType: "openai",
    model: config.model,
    async complete(request: CompletionRequest): Promise<Completion> {
      const response = await postJson(
        url,
        {
          model: config.model,
          messages: request.messages,
          max_tokens: request.maxOutputTokens,
          stream: true,
          stream_options: { include_usage: true },
        },
        { bearerToken: config.apiKey, signal: request.signal, timeoutMs: config.timeoutMs },
      );
      if (!isEventStream(response)) return fromWholeAnswer(await readJson(response, request.signal), request);

      let content = "";
      let reported: z.infer<typeof usage> | null = null;
      let finished = false;
      for await (const data of eventData(response, request.signal)) {
        if (data === "[DONE]") {
          finished = true;
          break;
        }
        const json = parseJson(data);
        const failed = streamError.safeParse(json);
        if (failed.success) {
          throw new ProviderError("unavailable", UNAVAILABLE, { cause: new Error(failed.data.error.message) });
        }
        const chunk = expectShape(streamChunk, json);
        const delta = chunk.choices?.[0]?.delta?.content;
        if (delta) {
          content += delta;
          request.onDelta(delta);
        }
        if (chunk.usage) reported = chunk.usage;
      }
      // A stream cut before [DONE] with nothing in it is a failure; some webhooks never send [DONE].
      if (!finished && content === "") throw new ProviderError("bad_response", MALFORMED);
      return {
        content,
        ...(reported && { inputTokens: reported.prompt_tokens, outputTokens: reported.completion_tokens }),
      };
    },
  };
}

function fromWholeAnswer(json: unknown, request: CompletionRequest): Completion {
  const answer = expectShape(wholeAnswer, json);
  const completion: Completion =
    "choices" in answer
      ? {
          content: answer.choices[0]!.message.content,
          ...(answer.usage && { inputTokens: answer.usage.prompt_tokens, outputTokens: answer.usage.completion_tokens }),
        }
      : answer;
  if (completion.content === "") throw new ProviderError("bad_response", MALFORMED);
  request.onDelta(completion.content);
  return completion;
}
