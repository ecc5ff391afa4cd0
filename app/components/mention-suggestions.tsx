import {
  useEffect,
  useId,
  useRef,
  useState,
  type ReactNode,
  type TextareaHTMLAttributes,
} from "react";
import * as m from "../../shared/paraglide/messages/_index.js";
import { api } from "~/lib/api.ts";

/*
 * "@budi" suggestions for the reply box and the thread editor: what follows the "@" before the
 * caret is looked up (user.suggest) after a short pause in typing, and the chosen member is
 * written as plain text "@username ", so the stored content (and what the server parses for
 * mentions) stays what a person could have typed. The input is an ARIA combobox and the
 * suggestions its listbox: ArrowUp/ArrowDown move, Enter or Tab picks, Escape closes.
 */

/** What user.suggest accepts: the characters of a username, 1..30 of them. */
const MENTION_QUERY = /^[a-zA-Z0-9._-]{1,30}$/;
const DEBOUNCE_MS = 200;

const popupClass =
  "w-64 max-w-[calc(100vw-2rem)] overflow-hidden rounded-lg border border-slate-200 bg-white py-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900";

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export interface MentionSuggestions {
  /** Handles a key while suggestions show; true when it was theirs (the caller prevents its default). */
  keyDown: (key: string) => boolean;
  /** The combobox attributes for the input. */
  comboboxProps: {
    role: "combobox";
    "aria-autocomplete": "list";
    "aria-expanded": boolean;
    "aria-controls": string | undefined;
    "aria-activedescendant": string | undefined;
  };
  /** The listbox (or its loading/empty line) while a mention is typed; null otherwise. */
  popup: ReactNode;
}

/**
 * The suggestions for `query` (the text typed after "@"; null when no mention is being typed).
 * `onPick` writes the chosen username, `onDismiss` closes the list until another mention starts.
 */
export function useMentionSuggestions({
  query,
  onPick,
  onDismiss,
}: {
  query: string | null;
  onPick: (username: string) => void;
  onDismiss: () => void;
}): MentionSuggestions {
  const listboxId = useId();
  const typed = query !== null && MENTION_QUERY.test(query) ? query : null;
  const debounced = useDebounced(typed, DEBOUNCE_MS);
  // The last answer, kept while the next one is on its way (the API's code loads on the first "@").
  const [answer, setAnswer] = useState<{ prefix: string; usernames: string[]; failed: boolean } | null>(null);
  useEffect(() => {
    if (debounced === null) return;
    let current = true;
    api()
      .then((client) => client.user.suggest.query({ prefix: debounced }))
      .then(
        (result) => current && setAnswer({ prefix: debounced, usernames: result.items.map((item) => item.username), failed: false }),
        () => current && setAnswer((previous) => ({ prefix: debounced, usernames: previous?.usernames ?? [], failed: true })),
      );
    return () => {
      current = false;
    };
  }, [debounced]);
  const fetching = debounced !== null && answer?.prefix !== debounced;
  const failed = debounced !== null && answer?.prefix === debounced && answer.failed;
  // Answers for an earlier, shorter query stay only as far as they still fit what is typed.
  const items =
    typed === null ? [] : (answer?.usernames ?? []).filter((username) => username.toLowerCase().startsWith(typed.toLowerCase()));
  const [active, setActive] = useState(0);
  useEffect(() => setActive(0), [typed]);
  const current = Math.min(active, Math.max(items.length - 1, 0));
  const expanded = items.length > 0;
  const optionId = (index: number) => `${listboxId}-${index}`;

  const keyDown = (key: string) => {
    if (!expanded) return false;
    if (key === "ArrowDown") setActive((current + 1) % items.length);
    else if (key === "ArrowUp") setActive((current - 1 + items.length) % items.length);
    else if (key === "Enter" || key === "Tab") onPick(items[current]!);
    else if (key === "Escape") onDismiss();
    else return false;
    return true;
  };

  const waiting = typed !== null && (typed !== debounced || fetching);
  let popup: ReactNode = null;
  if (expanded) {
    popup = (
      <ul id={listboxId} role="listbox" aria-label={m.mention_listLabel()} className={popupClass}>
        {items.map((username, index) => (
          <li
            key={username}
            id={optionId(index)}
            role="option"
            aria-selected={index === current}
            // Keeps the focus (and the caret) in the input while the pointer picks.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onPick(username)}
            onMouseEnter={() => setActive(index)}
            className={`cursor-pointer truncate px-3 py-1.5 ${
              index === current ? "bg-brand-100 text-brand-900 dark:bg-brand-500/20 dark:text-white" : "text-slate-800 dark:text-slate-200"
            }`}
          >
            @{username}
          </li>
        ))}
      </ul>
    );
  } else if (typed !== null) {
    popup = (
      <p id={listboxId} role="status" className={`${popupClass} px-3 text-slate-500 dark:text-slate-400`}>
        {waiting ? m.mention_loading() : failed ? m.mention_failed() : m.mention_none()}
      </p>
    );
  }

  return {
    keyDown,
    comboboxProps: {
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": expanded,
      // Only while the listbox (or its status line) is there to point at.
      "aria-controls": popup ? listboxId : undefined,
      "aria-activedescendant": expanded ? optionId(current) : undefined,
    },
    popup,
  };
}

/** The mention being typed before `caret`: where its "@" is and what follows it. */
export function mentionBefore(text: string, caret: number): { start: number; query: string } | null {
  // An "@" that starts a word (not the middle of an e-mail address), then username characters.
  const match = /(?:^|[^a-zA-Z0-9._@-])@([a-zA-Z0-9._-]{0,30})$/.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[1]!.length - 1, query: match[1]! };
}

/** A textarea that suggests members as "@name" is typed (the reply box). */
export function MentionTextarea({
  value,
  onValueChange,
  ...props
}: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "value" | "onChange" | "onKeyDown" | "onSelect" | "onBlur" | "role"> & {
  value: string;
  onValueChange: (value: string) => void;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const nextCaret = useRef<number | null>(null);
  const match = caret === null ? null : mentionBefore(value, caret);
  const hasMatch = match !== null;
  useEffect(() => {
    if (!hasMatch) setDismissedAt(null);
  }, [hasMatch]);
  // After a pick, the caret goes behind the inserted name once React has written the value.
  useEffect(() => {
    if (nextCaret.current === null || !ref.current) return;
    ref.current.setSelectionRange(nextCaret.current, nextCaret.current);
    nextCaret.current = null;
  });

  const pick = (username: string) => {
    if (!match || caret === null) return;
    const inserted = `@${username} `;
    const before = value.slice(0, match.start) + inserted;
    onValueChange(before + value.slice(caret));
    nextCaret.current = before.length;
    setCaret(before.length);
  };
  const mention = useMentionSuggestions({
    query: match && match.start !== dismissedAt ? match.query : null,
    onPick: pick,
    onDismiss: () => setDismissedAt(match?.start ?? null),
  });
  const track = (element: HTMLTextAreaElement) =>
    setCaret(element.selectionStart === element.selectionEnd ? element.selectionEnd : null);

  return (
    <div className="relative">
      <textarea
        ref={ref}
        {...props}
        {...mention.comboboxProps}
        value={value}
        onChange={(event) => {
          onValueChange(event.target.value);
          track(event.target);
        }}
        onSelect={(event) => track(event.currentTarget)}
        onKeyDown={(event) => {
          if (mention.keyDown(event.key)) event.preventDefault();
        }}
        onBlur={() => setCaret(null)}
      />
      {mention.popup && <div className="absolute left-0 top-full z-20 mt-1">{mention.popup}</div>}
    </div>
  );
}
