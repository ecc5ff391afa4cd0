import http from "node:http";
import type { AddressInfo } from "node:net";

/** One request the receiver got: its headers and its raw body. */
export interface ReceivedWebhook {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What the receiver answers: a status and body, "hang" (never answers) or "trickle" (a 200 whose body never ends). */
export type ReceiverAnswer = { status: number; body?: string } | "hang" | "trickle";

/**
 * A webhook receiver on 127.0.0.1 for tests: records every request and answers from `answers`
 * (one each, in order; then 200), so a test can make it fail, hang or send a huge body.
 */
export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  const answers: ReceiverAnswer[] = [];
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ path: request.url ?? "/", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const answer = answers.shift() ?? { status: 200, body: "ok" };
      if (answer === "hang" || answer === "trickle") {
        open.add(response);
        if (answer === "trickle") response.writeHead(200, { "content-type": "text/plain" }).write("o");
        return;
      }
      response.writeHead(answer.status, { "content-type": "text/plain" }).end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    port,
    received,
    answers,
    async close() {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
