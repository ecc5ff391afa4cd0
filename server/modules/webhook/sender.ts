import http from "node:http";
import https from "node:https";
import type dns from "node:dns";
import { lookupRefusing } from "../../platform/push.ts";
import { checkTargetUrl, isRefusedAddress } from "./policies.ts";

/*
 * One attempt of one delivery: a POST with the signed body, straight to the endpoint (no proxy,
 * no pooled socket, no redirect followed: a 3xx is a failure), to a checked address only, with a
 * deadline for the whole attempt and at most RESPONSE_READ_LIMIT bytes of the answer read.
 */

/** Bytes of a receiver's answer read at most (then the connection is dropped); 1,024 characters are kept. */
export const RESPONSE_READ_LIMIT = 4096;
const RESPONSE_KEPT = 1024;

export interface AttemptResult {
  ok: boolean;
  status: number | null;
  durationMs: number;
  response: string | null;
  error: string | null;
}

export interface AttemptOptions {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowLoopback: boolean;
}

export async function attemptDelivery(options: AttemptOptions): Promise<AttemptResult> {
  let url: URL;
  try {
    url = checkTargetUrl(options.url, options.allowLoopback);
  } catch (error) {
    return { ok: false, status: null, durationMs: 0, response: null, error: (error as Error).message };
  }
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<AttemptResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ ...result, durationMs: Math.round(performance.now() - started) });
    };
    const fail = (error: string, status: number | null = null) => finish({ ok: false, status, response: null, error: error.slice(0, 500) });
    const transport = url.protocol === "https:" ? https : http;
    const request = transport.request(url, {
      method: "POST",
      agent: false,
      headers: { "content-type": "application/json", "user-agent": "Alephdraad-Webhooks/1", ...options.headers, "content-length": String(Buffer.byteLength(options.body)) },
      lookup: lookupRefusing((address) => isRefusedAddress(address, options.allowLoopback)) as unknown as typeof dns.lookup,
    });
    // Declared after the request; finish (which clears it) only runs from the request's events, later.
    // The whole attempt, a slowly trickling answer included: settled here, whatever the sockets do next.
    const deadline = setTimeout(() => {
      fail(`tidak ada jawaban dalam ${options.timeoutMs} ms`);
      request.destroy();
    }, options.timeoutMs);
    request.on("error", (error) => fail(error.message));
    request.on("response", (response) => {
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let read = 0;
      const done = () => {
        const text = Buffer.concat(chunks).toString("utf8").slice(0, RESPONSE_KEPT);
        const ok = status >= 200 && status < 300;
        finish({ ok, status, response: text, error: ok ? null : `HTTP ${status}` });
        response.destroy();
      };
      response.on("data", (chunk: Buffer) => {
        const room = RESPONSE_READ_LIMIT - read;
        chunks.push(chunk.subarray(0, room));
        read += Math.min(chunk.length, room);
        if (read >= RESPONSE_READ_LIMIT) done();
      });
      response.on("end", done);
      response.on("error", (error) => fail(error.message, status));
    });
    request.end(options.body);
  });
}
