import type { ReactNode } from "react";
import { CopyButton } from "~/components/copy-button.tsx";
import { FormAlert } from "~/components/form-fields.tsx";

/** A secret shown only once (a new access token, a webhook's signing secret): what it is, the value, a copy button. */
export function OneTimeSecret({ children, value, testId }: { children: ReactNode; value: string; testId: string }) {
  return (
    <FormAlert tone="success">
      <p>{children}</p>
      <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
        <code className="block min-w-0 flex-1 break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900 dark:bg-slate-950 dark:text-slate-100" data-testid={testId}>
          {value}
        </code>
        <CopyButton text={value} />
      </div>
    </FormAlert>
  );
}
