import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendEvents, sendJson, startFakeProvider } from "./fake-provider-server.ts";
import { openAiProvider } from "./openai.ts";
import { ProviderError, type CompletionRequest } from "./provider.ts";

let fake: Awaited<ReturnType<typeof startFakeProvider>>;
beforeAll(async () => {
  fake = await startFakeProvider((_request, response) => sendJson(response, 500, {}));
});
afterAll(() => fake.close());

function provider(timeoutMs = 2_000) {
  return openAiProvider({ baseUrl: `${fake.url}/v1/`, apiKey: "sk-test", model: "test-model", timeoutMs });
}

function request(overrides: Partial<CompletionRequest> = {}) {
  const deltas: string[] = [];
  return {
    deltas,
    request: {
      messages: [
        { role: "system" as const, content: "Kamu adalah Aleph." },
        { role: "user" as const, content: "Apa itu JWT?" },
      ],
      question: "Apa itu JWT?",
      context: [],
      maxOutputTokens: 64,
      signal: new AbortController().signal,
      onDelta: (text: string) => deltas.push(text),
      ...overrides,
    },
  };
}

const chunk = (content: string) => ({ choices: [{ delta: { content } }] });

async function failureOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("the OpenAI-compatible client", () => {
  it("streams the answer and reports the provider's usage", async () => {
    fake.handle((_request, response) =>
      sendEvents(response, [
        chunk("JWT "),
        chunk("adalah "),
        { choices: [{ delta: {} }] },
        chunk("token."),
        { choices: [], usage: { prompt_tokens: 21, completion_tokens: 5 } },
        "[DONE]",
      ]),
    );
    const { request: ask, deltas } = request();
    const completion = await provider().complete(ask);

    expect(deltas).toEqual(["JWT ", "adalah ", "token."]);
    expect(completion).toEqual({ content: "JWT adalah token.", inputTokens: 21, outputTokens: 5 });
    const sent = fake.requests.at(-1)!;
    expect(sent.path).toBe("/v1/chat/completions");
    expect(sent.headers.authorization).toBe("Bearer sk-test");
    expect(sent.body).toMatchObject({
      model: "test-model",
      messages: ask.messages,
      max_tokens: 64,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("reads a whole JSON answer from a server that does not stream", async () => {
    fake.handle((_request, response) =>
      sendJson(response, 200, {
        choices: [{ message: { role: "assistant", content: "Jawaban utuh." } }],
        usage: { prompt_tokens: 9, completion_tokens: 3 },
      }),
    );
    const { request: ask, deltas } = request();
    expect(await provider().complete(ask)).toEqual({ content: "Jawaban utuh.", inputTokens: 9, outputTokens: 3 });
    expect(deltas).toEqual(["Jawaban utuh."]);
  });

  it("accepts the n8n webhook answer of seeds/000", async () => {
    fake.handle((_request, response) => sendJson(response, 200, { content: "Dari n8n.", inputTokens: 45, outputTokens: 180 }));
    expect(await provider().complete(request().request)).toEqual({ content: "Dari n8n.", inputTokens: 45, outputTokens: 180 });
  });

  it("fails as unavailable on an HTTP error or an error event", async () => {
    fake.handle((_request, response) => sendJson(response, 503, { error: { message: "overloaded" } }));
    expect((await failureOf(provider().complete(request().request))).reason).toBe("unavailable");

    fake.handle((_request, response) => sendEvents(response, [chunk("Sebagian"), { error: { message: "model crashed" } }]));
    expect((await failureOf(provider().complete(request().request))).reason).toBe("unavailable");
  });

  it("fails as a bad response on malformed events, bodies and empty streams", async () => {
    fake.handle((_request, response) => sendEvents(response, ["{not json"]));
    expect((await failureOf(provider().complete(request().request))).reason).toBe("bad_response");

    fake.handle((_request, response) => sendEvents(response, [{ choices: "nope" }]));
    expect((await failureOf(provider().complete(request().request))).reason).toBe("bad_response");

    fake.handle((_request, response) => sendJson(response, 200, { answer: "wrong shape" }));
    expect((await failureOf(provider().complete(request().request))).reason).toBe("bad_response");

    fake.handle((_request, response) => sendEvents(response, []));
    expect((await failureOf(provider().complete(request().request))).reason).toBe("bad_response");
  });

  it("times out a stream that stops mid-answer", async () => {
    fake.handle((_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write(`data: ${JSON.stringify(chunk("Mulai"))}\n\n`);
      // ...and never finishes.
    });
    const started = Date.now();
    expect((await failureOf(provider(300).complete(request().request))).reason).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("times out a server that never answers", async () => {
    fake.handle(() => {});
    expect((await failureOf(provider(300).complete(request().request))).reason).toBe("timeout");
  });

  it("fails as unavailable when nothing listens", async () => {
    const nowhere = openAiProvider({ baseUrl: "http://127.0.0.1:9/v1", apiKey: undefined, model: "m", timeoutMs: 1_000 });
    expect((await failureOf(nowhere.complete(request().request))).reason).toBe("unavailable");
  });

  it("stops when the asker leaves, without calling it a provider failure", async () => {
    fake.handle((_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write(`data: ${JSON.stringify(chunk("Mulai"))}\n\n`);
    });
    const controller = new AbortController();
    const { request: ask } = request({ signal: controller.signal, onDelta: () => controller.abort() });
    const error = await provider().complete(ask).catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(ProviderError);
    expect((error as Error).name).toBe("AbortError");
  });
});
