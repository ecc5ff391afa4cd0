import { type getHTTPStatusCodeFromError } from "@trpc/server/http";
import { toTRPCError } from "../trpc/errors.ts";

export type Refusal = Parameters<typeof getHTTPStatusCodeFromError>[0];

/** A domain error or an outage through the one mapper; null for anything else (a bug: 500). */
export function asRefusal(error: unknown, setHeader?: (name: string, value: string) => void): Refusal | null {
  const mapped = toTRPCError(error, setHeader);
  return mapped === error ? null : (mapped as Refusal);
}
