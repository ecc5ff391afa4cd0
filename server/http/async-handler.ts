import type { NextFunction, Request, RequestHandler, Response } from "express";

/**
 * Express 4 ignores the promise an async handler returns: a rejection would go unhandled and end
 * the process for everyone. Every async route goes through this, so a failure reaches next(),
 * the error handlers (503 for an outage, 500 otherwise) and the log.
 */
export function asyncHandler<P = Record<string, string>>(
  handler: (req: Request<P>, res: Response, next: NextFunction) => Promise<unknown>,
): RequestHandler<P> {
  return (req, res, next) => {
    handler(req, res, next).catch(next);
  };
}
