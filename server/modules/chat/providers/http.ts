import { EventSourceParserStream } from "eventsource-parser/stream";
import type { z } from "zod";
import { ProviderError } from "./provider.ts";
import { trimEndOf } from "../../../platform/text.ts";

/** What a person reads when a provider fails; the detail goes to the log through `cause`. */
export const UNAVAILABLE = "Layanan AI sedang bermasalah.";
const TIMED_OUT = "Layanan AI terlalu lama menjawab.";
export const MALFORMED = "Layanan AI memberi jawaban yang tidak bisa dibaca.";

/** `path` under a base URL, whether or not the base ends in a slash. */
export function urlUnder(base: string, path: string): string {
  return `${trimEndOf(base, "/")}/${path}`;
}

/**
 * POSTs JSON to a provider with a deadline covering the whole answer, streamed or not (the
 * body is read under the same signal). A caller's abort is rethrown as it is: the asker left,
 * the provider did not fail.
 */
export async function postJson(
  url: string,
  body: unknown,
  options: { bearerToken: string | undefined; signal: AbortSignal; timeoutMs: number },
): Promise<Response> {
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "text/event-stream, application/json",
        ...(options.bearerToken && { authorization: `Bearer ${options.bearerToken}` }),
      },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    throw providerFailure(error, options.signal);
  }
  if (!response.ok) {
    const detail = await response.text().catch(() => "");
    throw new ProviderError("unavailable", UNAVAILABLE, {
      cause: new Error(`HTTP ${response.status}: ${detail.slice(0, 300)}`),
    });
  }
  return response;
}

/** A fetch or body-read error as a ProviderError, except the caller's own abort. */
export function providerFailure(error: unknown, callerSignal: AbortSignal): unknown {
  if (error instanceof ProviderError || callerSignal.aborted) return error;
  if (error instanceof Error && error.name === "TimeoutError") {
    return new ProviderError("timeout", TIMED_OUT, { cause: error });
  }
  return new ProviderError("unavailable", UNAVAILABLE, { cause: error });
}

export function isEventStream(response: Response): boolean {
  return response.headers.get("content-type")?.includes("text/event-stream") ?? false;
}

/** The `data` of each server-sent event, until the stream ends. */
export async function* eventData(response: Response, callerSignal: AbortSignal): AsyncGenerator<string> {
  if (!response.body) throw new ProviderError("bad_response", MALFORMED);
  const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
  const reader = events.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value.data;
    }
  } catch (error) {
    throw providerFailure(error, callerSignal);
  } finally {
    // Stopped early ([DONE], a bad event): close the connection rather than drain it.
    reader.cancel().catch(() => {});
  }
}

/** A JSON body, or a bad_response failure. */
export async function readJson(response: Response, callerSignal: AbortSignal): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw providerFailure(error, callerSignal);
  }
  return parseJson(text);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ProviderError("bad_response", MALFORMED, { cause: error });
  }
}

/** A provider's answer checked against its expected shape; anything else is a bad_response. */
export function expectShape<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ProviderError("bad_response", MALFORMED, { cause: result.error });
  return result.data;
}
