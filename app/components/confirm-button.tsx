import type { ReactNode } from "react";

/** A button for an action that cannot be undone: asks first, and is disabled while it runs. */
export function ConfirmButton({
  question,
  onConfirm,
  pending,
  className,
  children,
}: {
  question: string;
  onConfirm: () => void;
  pending: boolean;
  className: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={className}
      disabled={pending}
      onClick={() => {
        if (window.confirm(question)) onConfirm();
      }}
    >
      {children}
    </button>
  );
}
