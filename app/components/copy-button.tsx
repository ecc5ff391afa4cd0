import { useState } from "react";
import { secondaryButtonClass } from "~/components/form-fields.tsx";
import * as m from "../../shared/paraglide/messages/_index.js";

/** Copies `text` to the clipboard and says so for a moment. */
export function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={secondaryButtonClass}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        });
      }}
    >
      <span aria-live="polite">{copied ? m.action_copied() : m.action_copy()}</span>
    </button>
  );
}
