import { useNavigate } from "@remix-run/react";
import { useMutation } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useTRPC, withApi, type Loaded, type RouterOutputs } from "~/lib/trpc.tsx";
import { describeError } from "~/lib/trpc-error.ts";
import { QUEUED, sendOrQueue } from "~/lib/outbox.ts";
import type { ThreadDocument } from "../../server/modules/thread/document-schema.ts";
import { FormAlert, inputClass, primaryButtonClass, TextField } from "./form-fields.tsx";
import { ThreadEditor } from "./thread-editor.tsx";
import { threadPath } from "./thread-list.tsx";

type Category = Loaded<RouterOutputs["category"]["list"][number]>;

export interface ThreadFormValues {
  title: string;
  summary: string;
  categorySlug: string;
  contentJson: unknown;
}

/** Create or edit a thread: title, category, summary and rich content, saved through tRPC. */
function ThreadFormInner({
  categories,
  initial,
  threadId,
  memberId,
}: {
  categories: Category[];
  initial: ThreadFormValues;
  /** Set when editing an existing thread. */
  threadId?: number;
  /** The signed-in member starting a thread: written offline, it waits on the device under their name. */
  memberId?: number;
}) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [values, setValues] = useState(initial);
  const contentText = useRef("");
  const contentLabelId = useId();
  const categoryId = useId();
  const onSaved = (thread: { id: number; slug: string }) => navigate(threadPath(thread));
  const createThread = useMutation(trpc.thread.create.mutationOptions());
  const create = useMutation({
    mutationFn: (fields: ThreadFormValues & { contentJson: ThreadDocument }) =>
      memberId === undefined
        ? createThread.mutateAsync(fields)
        : sendOrQueue(
            memberId,
            { path: "thread.create", input: fields, text: [fields.title, fields.summary, contentText.current].filter(Boolean).join("\n\n"), title: fields.title },
            (input) => createThread.mutateAsync(input),
          ),
    onSuccess: (answer) => {
      // Kept on the device: the home page (readable offline) opens, its outbox notice follows the thread.
      if (answer === QUEUED) navigate("/");
      else onSaved(answer);
    },
  });
  const update = useMutation(trpc.thread.update.mutationOptions({ onSuccess: onSaved }));
  const mutation = threadId ? update : create;
  const failure = mutation.error ? describeError(mutation.error) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (threadId) update.mutate({ id: threadId, ...values });
    else create.mutate(values as ThreadFormValues & { contentJson: ThreadDocument });
  };
  const set = (field: keyof ThreadFormValues) => (value: unknown) => setValues((current) => ({ ...current, [field]: value }));

  return (
    <form onSubmit={submit} className="space-y-5" noValidate>
      <FormAlert>{failure?.message}</FormAlert>
      <TextField
        name="title"
        label={m.threadForm_title()}
        value={values.title}
        onChange={(event) => set("title")(event.target.value)}
        maxLength={200}
        required
        errors={failure?.fieldErrors.title}
      />
      <div className="space-y-1">
        <label htmlFor={categoryId} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
          {m.threadForm_category()}
        </label>
        <select
          id={categoryId}
          name="categorySlug"
          value={values.categorySlug}
          onChange={(event) => set("categorySlug")(event.target.value)}
          className={inputClass}
          required
        >
          {categories.map((category) => (
            <option key={category.slug} value={category.slug}>
              {category.name}
            </option>
          ))}
        </select>
      </div>
      <TextField
        name="summary"
        label={m.threadForm_summary()}
        hint={m.threadForm_summaryHint()}
        value={values.summary}
        onChange={(event) => set("summary")(event.target.value)}
        maxLength={500}
        errors={failure?.fieldErrors.summary}
      />
      <div className="space-y-1">
        <span id={contentLabelId} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
          {m.threadForm_content()}
        </span>
        <ThreadEditor
          initialContent={initial.contentJson}
          onChange={(document, text) => {
            contentText.current = text;
            set("contentJson")(document);
          }}
          labelledBy={contentLabelId}
          invalid={Boolean(failure?.fieldErrors.contentJson)}
        />
        {failure?.fieldErrors.contentJson && (
          <p className="text-sm text-red-600 dark:text-red-400">{failure.fieldErrors.contentJson.join(" ")}</p>
        )}
      </div>
      <button type="submit" className={primaryButtonClass} disabled={mutation.isPending}>
        {mutation.isPending ? m.form_submitting() : (threadId ? m.threadForm_save : m.threadForm_publish)()}
      </button>
    </form>
  );
}

/** With the API hooks' context: the pages around it do not need it. */
export const ThreadForm = withApi(ThreadFormInner);
