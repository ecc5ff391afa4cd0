import type { Request, Response } from "express";
import type { RequestMeta } from "../trpc/context.ts";

/** What a procedure's context (or an HTTP route's) knows of an Express request. */
export function requestMeta(req: Request, res: Response): RequestMeta {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(key, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(key, item);
  }
  // Forwarded headers reach procedures only from a proxy TRUST_PROXY names (absolute URLs never
  // read them: they come from server/platform/public-origin.ts).
  if (!req.app.get("trust proxy fn")(req.socket.remoteAddress ?? "", 0)) {
    for (const name of ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto"]) headers.delete(name);
  }
  return {
    headers,
    ip: req.ip ?? null,
    requestId: String(req.id),
    // Appended, not set: the Remix adapter appends its own headers after a loader ran.
    setCookie: (serialized) => res.append("Set-Cookie", serialized),
    setHeader: (name, value) => res.setHeader(name, value),
  };
}
