import { Fragment } from "react";
import { HIGHLIGHT_END, HIGHLIGHT_START } from "../../shared/search-marks.ts";

/**
 * A search excerpt with its matched words in <mark>. The server marks them with control
 * characters, never HTML, so the text is rendered as text whatever it contains.
 */
export function Highlighted({ text }: { text: string }) {
  const parts = text.split(HIGHLIGHT_START);
  return (
    <>
      {parts.map((part, index) => {
        if (index === 0) return <Fragment key={index}>{part}</Fragment>;
        const [marked = "", rest = ""] = part.split(HIGHLIGHT_END);
        return (
          <Fragment key={index}>
            <mark className="rounded bg-amber-100 px-0.5 text-inherit dark:bg-amber-500/30">{marked}</mark>
            {rest}
          </Fragment>
        );
      })}
    </>
  );
}
