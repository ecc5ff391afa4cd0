import { useState } from "react";
import { secondaryButtonClass } from "~/components/form-fields.tsx";
import { useT } from "~/lib/i18n.ts";

/** Copies `text` to the clipboard and says so for a moment. */
export function CopyButton({ text }: { text: string }) {
  const t = useT();
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
      <span aria-live="polite">{copied ? t("action.copied") : t("action.copy")}</span>
    </button>
  );
}
