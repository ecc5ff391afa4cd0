/**
 * Whether an error means a database (PostgreSQL, MongoDB) or Redis could not be reached, as
 * opposed to a bug or a refused request: the one place that knows how Prisma (through
 * @prisma/adapter-pg and pg), the MongoDB driver / Mongoose and ioredis report an outage.
 * Callers answer such errors with 503 and Retry-After instead of a 500 (server/trpc/init.ts,
 * server/http/app.ts).
 */

/** How long a client is told to wait before trying again while a dependency is down. */
export const OUTAGE_RETRY_AFTER_SECONDS = 15;

const OUTAGE_ERROR_NAMES = new Set([
  // Prisma could not open its first connection.
  "PrismaClientInitializationError",
  // MongoDB driver and Mongoose: no server to talk to, or the socket died under a command.
  "MongoServerSelectionError",
  "MongooseServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoNotConnectedError",
  "MongoTopologyClosedError",
  "MongoPoolClearedError",
  "MongoServerClosedError",
  // ioredis gave up on a command (maxRetriesPerRequest) while reconnecting.
  "MaxRetriesPerRequestError",
]);

const OUTAGE_CODES = new Set([
  // Prisma: server unreachable, timed out, closed the connection.
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  // Sockets.
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  // PostgreSQL: shutting down, starting up, too many connections.
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

// @prisma/adapter-pg's classification of a socket failure (DriverAdapterError's cause.kind).
const OUTAGE_ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TlsConnectionError"]);

// Failures that arrive as plain Errors with only a message to tell them by.
const OUTAGE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Can't reach database server|buffering timed out|Connection is closed|Stream isn't writeable|enableOfflineQueue|max retries per request|connect ECONNREFUSED|Command timed out|Server selection timed out/i;

function looksLikeOutage(error: object): boolean {
  const { name, code, message, kind } = error as { name?: unknown; code?: unknown; message?: unknown; kind?: unknown };
  if (typeof name === "string" && OUTAGE_ERROR_NAMES.has(name)) return true;
  if (typeof code === "string" && OUTAGE_CODES.has(code)) return true;
  if (typeof kind === "string" && OUTAGE_ADAPTER_KINDS.has(kind)) return true;
  return typeof message === "string" && OUTAGE_MESSAGE.test(message);
}

/** True when `error` (or anything it wraps) says PostgreSQL, MongoDB or Redis is unreachable. */
export function isInfrastructureError(error: unknown): boolean {
  const seen = new Set<object>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 16) {
    const current = queue.shift();
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    if (looksLikeOutage(current)) return true;
    const wrapped = current as { cause?: unknown; reason?: unknown; meta?: { driverAdapterError?: unknown }; errors?: unknown };
    queue.push(wrapped.cause, wrapped.reason, wrapped.meta?.driverAdapterError);
    if (Array.isArray(wrapped.errors)) queue.push(...wrapped.errors);
  }
  return false;
}
