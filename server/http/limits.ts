import type { NextFunction, Request, Response } from "express";
import { MAX_TRPC_BATCH } from "../../shared/request-limits.ts";
import { REST_PREFIX, restErrorBody } from "./rest-errors.ts";
import * as m from "../../shared/paraglide/messages/_index.js";

/**
 * Largest request body the app reads (tRPC calls and Remix form posts). The biggest legitimate
 * input, a thread document, is capped at 100 KB as JSON (MAX_DOCUMENT_BYTES); URL-encoding or
 * escaping may triple it, so 1 MiB leaves room without letting anyone make us buffer 8 MB.
 */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/** JSON-RPC codes tRPC gives these errors, so its client reads them as it reads its own. */
const JSONRPC_CODES = { BAD_REQUEST: -32600, FORBIDDEN: -32003, PAYLOAD_TOO_LARGE: -32013, LENGTH_REQUIRED: -32600 } as const;

/** Answers a request the way the endpoint's clients read errors: tRPC's shape under /api/trpc, REST's under /api/v1, text elsewhere. */
export function refuse(req: Request, res: Response, httpStatus: number, code: keyof typeof JSONRPC_CODES, message: string) {
  res.status(httpStatus);
  // The body of a refused request is never read: let Node close the connection after answering.
  if (req.get("content-length") || req.get("transfer-encoding")) res.setHeader("Connection", "close");
  if (req.originalUrl.startsWith("/api/trpc")) {
    // The shape a tRPC client (superjson transformer) reads as an error of that code.
    const trpcCode = code === "LENGTH_REQUIRED" ? "BAD_REQUEST" : code;
    res.json({ error: { json: { message, code: JSONRPC_CODES[code], data: { code: trpcCode, httpStatus } } } });
  } else if (req.originalUrl.startsWith(REST_PREFIX)) {
    res.json(restErrorBody(code === "LENGTH_REQUIRED" ? "BAD_REQUEST" : code, httpStatus, message));
  } else {
    res.type("text/plain; charset=utf-8").send(message);
  }
}

/**
 * Refuses a body over MAX_REQUEST_BODY_BYTES before anyone reads it. Node holds a body to its
 * Content-Length, so the header is checked; a body without one (chunked) cannot be bounded
 * before it is read and is refused, as no client of ours sends one.
 */
export function bodyLimit() {
  return (req: Request, res: Response, next: NextFunction) => {
    const length = req.get("content-length");
    if (length !== undefined) {
      if (!/^\d+$/.test(length) || Number(length) > MAX_REQUEST_BODY_BYTES) return refuse(req, res, 413, "PAYLOAD_TOO_LARGE", m.error_http_bodyTooLarge({ megabytes: MAX_REQUEST_BODY_BYTES / 1024 / 1024 }));
      return next();
    }
    if (req.get("transfer-encoding")) return refuse(req, res, 411, "LENGTH_REQUIRED", m.error_http_lengthRequired());
    next();
  };
}

/** Refuses a tRPC batch of more than MAX_TRPC_BATCH calls before any of them runs (mounted on /api/trpc). */
export function batchLimit() {
  return (req: Request, res: Response, next: NextFunction) => {
    // tRPC decodes the path first, so a comma written %2C separates calls too.
    const calls = req.path.split(/,|%2C/i).length;
    if (calls > MAX_TRPC_BATCH) return refuse(req, res, 400, "BAD_REQUEST", m.error_http_batchTooLong({ max: MAX_TRPC_BATCH }));
    next();
  };
}
