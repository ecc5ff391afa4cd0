import pino, { type Logger } from "pino";
import { currentRequestContext } from "./request-context.ts";

export type { Logger };

/**
 * JSON logs on stdout. Every line written while a request is served carries its requestId
 * and traceId, wherever in the code it is logged from.
 */
export function createLogger(options: { level: string; name?: string }): Logger {
  return pino({
    name: options.name ?? "alephdraad",
    level: options.level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const context = currentRequestContext();
      return context ? { requestId: context.requestId, traceId: context.traceId } : {};
    },
    redact: {
      paths: ["req.headers.cookie", "req.headers.authorization", 'res.headers["set-cookie"]'],
      censor: "[redacted]",
    },
  });
}
