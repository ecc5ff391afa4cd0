import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendEvents, sendJson, startFakeProvider } from "./fake-provider-server.ts";
import { huggingFaceProvider, textPrompt } from "./huggingface.ts";
import { ProviderError } from "./provider.ts";

let fake: Awaited<ReturnType<typeof startFakeProvider>>;
beforeAll(async () => {
  fake = await startFakeProvider((_request, response) => sendJson(response, 500, {}));
});
afterAll(() => fake.close());

const provider = (timeoutMs = 2_000) =>
  huggingFaceProvider({ apiUrl: `${fake.url}/models`, token: "hf_test", model: "org/model-7b", timeoutMs });

const messages = [
  { role: "system" as const, content: "Kamu adalah Aleph." },
  { role: "user" as const, content: "Halo" },
  { role: "assistant" as const, content: "Halo juga!" },
  { role: "user" as const, content: "Apa itu Redis?" },
];

function request() {
  const deltas: string[] = [];
  return {
    deltas,
    request: {
      messages,
      question: "Apa itu Redis?",
      context: [],
      maxOutputTokens: 50,
      signal: new AbortController().signal,
      onDelta: (text: string) => deltas.push(text),
    },
  };
}

const token = (text: string, special = false) => ({ token: { id: 1, text, logprob: 0, special }, generated_text: null, details: null });

async function reasonOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return (error as ProviderError).reason;
}

describe("the Hugging Face inference client", () => {
  it("streams generated tokens and takes the output count from the final event", async () => {
    fake.handle((_request, response) =>
      sendEvents(response, [
        token(" Redis"),
        token(" adalah"),
        token(" cache."),
        { ...token("</s>", true), generated_text: "Redis adalah cache.", details: { finish_reason: "eos_token", generated_tokens: 4 } },
      ]),
    );
    const { request: ask, deltas } = request();
    expect(await provider().complete(ask)).toEqual({ content: "Redis adalah cache.", outputTokens: 4 });
    expect(deltas).toEqual(["Redis", " adalah", " cache."]);

    const sent = fake.requests.at(-1)!;
    expect(sent.path).toBe("/models/org/model-7b");
    expect(sent.headers.authorization).toBe("Bearer hf_test");
    expect(sent.body).toEqual({
      inputs: textPrompt(messages),
      parameters: { max_new_tokens: 50, return_full_text: false },
      stream: true,
    });
    expect(textPrompt(messages)).toBe("Kamu adalah Aleph.\n\nPengguna: Halo\n\nAleph: Halo juga!\n\nPengguna: Apa itu Redis?\n\nAleph:");
  });

  it("reads a whole answer from a server that does not stream", async () => {
    fake.handle((_request, response) => sendJson(response, 200, [{ generated_text: " Jawaban utuh." }]));
    const { request: ask, deltas } = request();
    expect(await provider().complete(ask)).toEqual({ content: "Jawaban utuh." });
    expect(deltas).toEqual(["Jawaban utuh."]);
  });

  it("fails as unavailable while the model is loading or on an error event", async () => {
    fake.handle((_request, response) => sendJson(response, 503, { error: "Model is currently loading", estimated_time: 20 }));
    expect(await reasonOf(provider().complete(request().request))).toBe("unavailable");

    fake.handle((_request, response) => sendEvents(response, [token("Se"), { error: "Input validation error" }]));
    expect(await reasonOf(provider().complete(request().request))).toBe("unavailable");
  });

  it("fails as a bad response on malformed output", async () => {
    fake.handle((_request, response) => sendEvents(response, [{ tokens: "wrong" }]));
    expect(await reasonOf(provider().complete(request().request))).toBe("bad_response");

    fake.handle((_request, response) => sendJson(response, 200, { unexpected: true }));
    expect(await reasonOf(provider().complete(request().request))).toBe("bad_response");

    fake.handle((_request, response) => sendJson(response, 200, [{ generated_text: "   " }]));
    expect(await reasonOf(provider().complete(request().request))).toBe("bad_response");
  });

  it("times out", async () => {
    fake.handle((_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write(`data: ${JSON.stringify(token("Lambat"))}\n\n`);
    });
    expect(await reasonOf(provider(300).complete(request().request))).toBe("timeout");
  });
});
