import { describeError } from "~/lib/trpc-error.ts";

/** The server's reason for refusing a mutation, announced to screen readers; nothing without one. */
export function MutationError({ error, className = "" }: { error: unknown; className?: string }) {
  if (!error) return null;
  return (
    <p role="alert" className={`text-sm text-red-600 dark:text-red-400 ${className}`}>
      {describeError(error).message}
    </p>
  );
}
