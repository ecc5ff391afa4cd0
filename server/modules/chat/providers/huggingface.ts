import { z } from "zod";
import { eventData, expectShape, isEventStream, MALFORMED, parseJson, postJson, readJson, UNAVAILABLE, urlUnder } from "./http.ts";
import { ProviderError, type ChatProvider, type Completion, type CompletionRequest, type PromptMessage } from "./provider.ts";

export interface HuggingFaceConfig {
  /** Base of the inference API; the model's endpoint is `<apiUrl>/<model>`. */
  apiUrl: string;
  token: string | undefined;
  model: string;
  timeoutMs: number;
}

// Text-generation events: one token per event, the last one also carries the whole text.
const streamEvent = z.object({
  token: z.object({ text: z.string(), special: z.boolean().optional() }),
  generated_text: z.string().nullish(),
  details: z.object({ generated_tokens: z.number().int().min(0) }).nullish(),
});

const failure = z.object({ error: z.string() });

const wholeAnswer = z.union([
  z.array(z.object({ generated_text: z.string() })).min(1),
  z.object({ generated_text: z.string() }),
]);

const SPEAKER: Record<PromptMessage["role"], string> = { system: "", user: "Pengguna", assistant: "Aleph" };

/** A chat as plain text for a text-generation model, ending where Aleph's turn begins. */
export function textPrompt(messages: readonly PromptMessage[]): string {
  const turns = messages.map((message) =>
    message.role === "system" ? message.content : `${SPEAKER[message.role]}: ${message.content}`,
  );
  return `${turns.join("\n\n")}\n\n${SPEAKER.assistant}:`;
}

/** The Hugging Face inference API (text generation, streamed). */
export function huggingFaceProvider(config: HuggingFaceConfig): ChatProvider {
  const url = urlUnder(config.apiUrl, config.model);
  return {
    serviceType: "huggingface",
    model: config.model,
    async complete(request: CompletionRequest): Promise<Completion> {
      const response = await postJson(
        url,
        {
          inputs: textPrompt(request.messages),
          parameters: { max_new_tokens: request.maxOutputTokens, return_full_text: false },
          stream: true,
        },
        { bearerToken: config.token, signal: request.signal, timeoutMs: config.timeoutMs },
      );
      if (!isEventStream(response)) {
        const json = await readJson(response, request.signal);
        throwIfFailure(json);
        const answer = expectShape(wholeAnswer, json);
        const content = (Array.isArray(answer) ? answer[0]!.generated_text : answer.generated_text).trim();
        if (content === "") throw new ProviderError("bad_response", MALFORMED);
        request.onDelta(content);
        return { content };
      }

      let content = "";
      let outputTokens: number | undefined;
      for await (const data of eventData(response, request.signal)) {
        const json = parseJson(data);
        throwIfFailure(json);
        const event = expectShape(streamEvent, json);
        if (!event.token.special) {
          // The first token usually starts with the space after "Aleph:".
          const text = content === "" ? event.token.text.trimStart() : event.token.text;
          content += text;
          if (text) request.onDelta(text);
        }
        if (event.details) outputTokens = event.details.generated_tokens;
      }
      if (content === "") throw new ProviderError("bad_response", MALFORMED);
      return outputTokens === undefined ? { content } : { content, outputTokens };
    },
  };
}

function throwIfFailure(json: unknown) {
  const failed = failure.safeParse(json);
  if (failed.success) {
    throw new ProviderError("unavailable", UNAVAILABLE, { cause: new Error(failed.data.error) });
  }
}
