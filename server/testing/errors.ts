import { toTRPCError } from "../trpc/errors.ts";

/**
 * A service called directly, its refusal as a client receives it: a domain error through the one
 * mapper (server/trpc/errors.ts), so a test asserts the code and message people get.
 */
export function asClientSees<T>(call: Promise<T>): Promise<T> {
  return call.catch((error: unknown) => {
    throw toTRPCError(error);
  });
}
