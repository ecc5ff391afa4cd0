import { useId, useState } from "react";
import { api, useAction } from "~/lib/api.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { type Message } from "~/lib/locale.ts";
import { MutationError } from "./mutation-error.tsx";

type Level = "watching" | "normal" | "muted";

const LEVELS: { level: Level; label: Message; hint: Message }[] = [
  { level: "watching", label: m.watch_watching, hint: m.watch_watchingHint },
  { level: "normal", label: m.watch_normal, hint: m.watch_normalHint },
  { level: "muted", label: m.watch_muted, hint: m.watch_mutedHint },
];

/**
 * How much a member hears about one thread: watch (every reply), normal (replies to them and
 * mentions) or mute (nothing). A radio group that saves at once (the page stays), showing the
 * choice before the server confirms it and going back to the saved one if it refuses.
 */
export function ThreadWatchControl({ threadId, initial }: { threadId: number; initial: Level }) {
  const name = useId();
  const [saved, setSaved] = useState(initial);
  const save = useAction(async (input: { threadId: number; level: Level }) => (await api()).notification.setThreadLevel.mutate(input), {
    onSuccess: (result) => setSaved(result.level),
  });
  const shown = save.isPending && save.variables ? save.variables.level : saved;
  return (
    <fieldset className="space-y-1" data-testid="thread-watch">
      <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">{m.watch_label()}</legend>
      <div className="flex flex-wrap gap-1">
        {LEVELS.map(({ level, label, hint }) => (
          <label
            key={level}
            title={hint()}
            className={`cursor-pointer rounded-lg border px-3 py-1.5 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500 ${
              shown === level
                ? "border-brand-500 bg-brand-50 font-medium text-brand-800 dark:bg-brand-500/15 dark:text-brand-100"
                : "border-slate-300 text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
            }`}
          >
            <input
              type="radio"
              name={name}
              value={level}
              checked={shown === level}
              onChange={() => save.mutate({ threadId, level })}
              className="sr-only"
            />
            {label()}
            <span className="sr-only">: {hint()}</span>
          </label>
        ))}
      </div>
      <MutationError error={save.error} />
    </fieldset>
  );
}
