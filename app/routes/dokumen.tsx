import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useNavigate, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { ALLOWED_TYPES, EXTENSIONS_OF, type DocumentType } from "../../shared/documents.ts";
import { ConfirmedActionForm } from "~/components/confirmed-action-form.tsx";
import { CopyButton } from "~/components/copy-button.tsx";
import { CursorPager } from "~/components/cursor-pager.tsx";
import { FormAlert, inputClass, primaryButtonClass, secondaryButtonClass } from "~/components/form-fields.tsx";
import { deviceFingerprint } from "~/lib/device-fingerprint.ts";
import { formatBytes, formatDateTime } from "~/lib/format.ts";
import { formFields, submitForm, type FormFailure } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { pickMessage, useLocale } from "~/lib/locale.ts";
import { orErrorResponse } from "~/lib/loader.server.ts";
import type { Loaded, RouterOutputs } from "~/lib/trpc.tsx";
import { requireMember } from "~/lib/viewer.server.ts";

/** The upload endpoint beside tRPC (server/http/document-routes.ts): multipart, the title before the file. */
const UPLOAD_URL = "/api/documents";
const PAGE_SIZE = 20;

// A route's meta replaces the root's: the site's description again (Lighthouse's SEO audit wants one).
export const meta: MetaFunction = () => [
  { title: `${m.documents_title()} · ${m.site_name()}` },
  { name: "description", content: m.site_tagline() },
];

/** The member's documents, newest first in pages, with their quota; visitors sign in first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireMember(context.trpc, request);
  const cursor = new URL(request.url).searchParams.get("cursor") ?? undefined;
  const [documents, quota] = await Promise.all([
    orErrorResponse(context.trpc.document.list({ cursor, limit: PAGE_SIZE })),
    orErrorResponse(context.trpc.document.quota()),
  ]);
  // Share links are absolute, by the site's one public origin (never the Host header).
  return json({ documents, quota, origin: context.publicOrigin });
}

const INTENTS = ["rename", "share", "unshare", "delete"] as const;
type Intent = (typeof INTENTS)[number];

/** One change to one document; a refusal carries the document's id, so its row shows the message. */
export async function action({ request, context }: ActionFunctionArgs) {
  const fields = formFields(await request.formData(), ["intent", "id", "title"]);
  const intent = INTENTS.find((known) => known === fields.intent);
  if (!intent) throw new Response(null, { status: 400 });
  const { id } = fields;
  const calls: Record<Intent, () => Promise<unknown>> = {
    rename: () => context.trpc.document.update({ id, title: fields.title }),
    share: () => context.trpc.document.share({ id }),
    unshare: () => context.trpc.document.unshare({ id }),
    delete: () => context.trpc.document.delete({ id }),
  };
  const result = await submitForm(calls[intent](), id);
  return result.ok ? json({ done: intent, id }) : result.response;
}

/** A refusal in words: the procedure's message, or its input's (an id no document has is one). */
const failureMessage = (failure: FormFailure) => failure.formError || Object.values(failure.fieldErrors).flat().join(" ");

type DocumentItem = Loaded<RouterOutputs["document"]["list"]["items"][number]>;
type Quota = RouterOutputs["document"]["quota"];

/** What the file picker offers: each allowed type and its usual name endings. */
const ACCEPT = ALLOWED_TYPES.flatMap((type) => [type, ...EXTENSIONS_OF[type].map((extension) => `.${extension}`)]).join(",");

const typeLabel = (type: string) =>
  (ALLOWED_TYPES as readonly string[]).includes(type) ? pickMessage({ "application/pdf": m.documents_type_application_pdf, "image/png": m.documents_type_image_png, "image/jpeg": m.documents_type_image_jpeg, "image/webp": m.documents_type_image_webp, "image/gif": m.documents_type_image_gif, "text/plain": m.documents_type_text_plain }, type as DocumentType)() : type;

function QuotaBar({ quota }: { quota: Quota }) {
  const locale = useLocale();
  const labelId = useId();
  const used = Math.min(quota.usedBytes, quota.quotaBytes);
  const text = m.documents_quotaUsed({ used: formatBytes(quota.usedBytes, locale), quota: formatBytes(quota.quotaBytes, locale) });
  const full = quota.usedBytes >= quota.quotaBytes;
  // A sliver for any use at all: a few KB of 100 MB would otherwise look like none.
  const width = used > 0 ? Math.max(1, (used / quota.quotaBytes) * 100) : 0;
  return (
    <div className="space-y-1" data-testid="quota">
      <div className="flex flex-wrap justify-between gap-x-4 text-sm">
        <span id={labelId} className="font-medium text-slate-800 dark:text-slate-200">
          {m.documents_quotaLabel()}
        </span>
        <span className="text-slate-600 dark:text-slate-400" data-testid="quota-text">
          {text}
        </span>
      </div>
      <div
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={quota.quotaBytes}
        aria-valuenow={used}
        aria-valuetext={text}
        className="h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        <div className={`h-full rounded-full ${full ? "bg-red-600" : "bg-brand-600"}`} style={{ width: `${width}%` }} />
      </div>
    </div>
  );
}

type UploadAnswer = { document?: { title: string }; error?: { message: string } } | null;

/**
 * The upload: a plain multipart form the server also takes without JavaScript (it answers with a
 * redirect back here, or the refusal as text); with JavaScript it is sent by fetch, and the
 * server's refusal is shown beside the form.
 */
function UploadForm({ quota }: { quota: Quota }) {
  const locale = useLocale();
  const location = useLocation();
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const titleInput = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const max = formatBytes(quota.maxFileBytes, locale);
  const rulesId = useId();
  const types = ALLOWED_TYPES.map((type) => typeLabel(type)).join(", ");

  // A title from the file's name when none was typed: one step less on a phone.
  function pickFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    const title = titleInput.current;
    if (file && title && !title.value.trim()) title.value = file.name.replace(/\.[^.]+$/, "").slice(0, 200);
  }

  async function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const body = new FormData(form);
    const file = body.get("file");
    setMessage(null);
    // Refusals the server would give after the whole file crossed the network.
    if (file instanceof File && file.size > quota.maxFileBytes) {
      setMessage({ tone: "error", text: m.documents_tooLarge({ max }) });
      return;
    }
    const left = Math.max(0, quota.quotaBytes - quota.usedBytes);
    if (file instanceof File && file.size > left) {
      setMessage({ tone: "error", text: m.documents_overQuota({ left: formatBytes(left, locale) }) });
      return;
    }
    setPending(true);
    try {
      const fingerprint = await deviceFingerprint();
      const response = await fetch(UPLOAD_URL, {
        method: "POST",
        body,
        headers: { accept: "application/json", ...(fingerprint ? { "x-device-fingerprint": fingerprint } : {}) },
      });
      // A proxy's or an outage's answer may be no JSON at all.
      const answer = (await response.json().catch(() => null)) as UploadAnswer;
      if (response.status === 201 && answer?.document) {
        form.reset();
        setMessage({ tone: "success", text: m.documents_uploaded({ title: answer.document.title }) });
        // The new document heads the first page.
        if (new URLSearchParams(location.search).has("cursor")) navigate(".");
        else revalidator.revalidate();
      } else {
        // A proxy in front may refuse a large body itself, in a page of its own.
        const fallback = response.status === 413 ? m.documents_tooLarge({ max }) : m.error_serverBody();
        setMessage({ tone: "error", text: answer?.error?.message ?? fallback });
      }
    } catch {
      setMessage({ tone: "error", text: m.documents_uploadFailed() });
    } finally {
      setPending(false);
    }
  }

  return (
    <form method="post" action={UPLOAD_URL} encType="multipart/form-data" onSubmit={upload} className="space-y-3" aria-busy={pending}>
      {/* The server reads the title before the file: their order here is the order sent. */}
      <div className="space-y-1">
        <label htmlFor="document-title" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
          {m.documents_titleLabel()}
        </label>
        <input ref={titleInput} id="document-title" name="title" required maxLength={200} autoComplete="off" className={inputClass} />
      </div>
      <div className="space-y-1">
        <label htmlFor="document-file" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
          {m.documents_fileLabel()}
        </label>
        <input
          id="document-file"
          name="file"
          type="file"
          required
          accept={ACCEPT}
          onChange={pickFile}
          aria-describedby={rulesId}
          className="block w-full min-w-0 text-sm text-slate-700 file:mr-3 file:rounded-lg file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-200 dark:text-slate-300 dark:file:bg-slate-800 dark:file:text-slate-100"
        />
        <p id={rulesId} className="text-xs text-slate-500 dark:text-slate-400">
          {m.documents_rules({ types, max })}
        </p>
      </div>
      {message && <FormAlert tone={message.tone}>{message.text}</FormAlert>}
      <button type="submit" disabled={pending} className={`${primaryButtonClass} w-full sm:w-auto`}>
        {pending ? m.documents_uploading() : m.documents_upload()}
      </button>
    </form>
  );
}

function Thumbnail({ document }: { document: DocumentItem }) {
  const box = "h-16 w-16 shrink-0 rounded-lg border border-slate-200 dark:border-slate-700";
  if (document.hasThumbnail) return <img src={`/d/${document.id}/thumb`} alt="" loading="lazy" className={`${box} object-cover`} />;
  return (
    <span aria-hidden="true" className={`${box} grid place-items-center bg-slate-100 text-xs font-semibold text-slate-600 dark:bg-slate-800 dark:text-slate-300`}>
      {typeLabel(document.mimeType)}
    </span>
  );
}

function ShareLink({ document, link }: { document: DocumentItem; link: string }) {
  const hintId = useId();
  return (
    <div className="space-y-1">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <input
          readOnly
          value={link}
          aria-label={m.documents_shareLink({ title: document.title })}
          aria-describedby={hintId}
          onFocus={(event) => event.currentTarget.select()}
          className={`${inputClass} min-w-0 flex-1 font-mono text-xs`}
          data-testid="share-link"
        />
        <CopyButton text={link} />
      </div>
      <p id={hintId} className="text-xs text-slate-500 dark:text-slate-400">
        {m.documents_shareHint()}
      </p>
    </div>
  );
}

function DocumentRow({ document, origin, failure }: { document: DocumentItem; origin: string; failure: FormFailure | undefined }) {
  const locale = useLocale();
  const navigation = useNavigation();
  const outcome = useActionData<typeof action>();
  const renameForm = useRef<HTMLDetailsElement>(null);
  const busy = navigation.state !== "idle" && navigation.formData?.get("id") === document.id;
  const renamed = outcome && "done" in outcome && outcome.done === "rename" && outcome.id === document.id;
  useEffect(() => {
    if (renamed && renameForm.current) renameForm.current.open = false;
  }, [renamed, outcome]);

  return (
    <li className="flex gap-3 p-4" data-testid="document" aria-busy={busy}>
      <Thumbnail document={document} />
      <div className="min-w-0 flex-1 space-y-2">
        <div>
          <h3 className="break-words font-medium text-slate-900 dark:text-white">{document.title}</h3>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {typeLabel(document.mimeType)} · {formatBytes(document.size, locale)} ·{" "}
            <time dateTime={document.createdAt}>{m.documents_uploadedOn({ date: formatDateTime(document.createdAt, locale) })}</time>
            {document.shareToken && (
              <span className="ml-2 rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200">
                {m.documents_shared()}
              </span>
            )}
          </p>
          <p className="break-all text-xs text-slate-500 dark:text-slate-400">{document.fileName}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <a href={`/d/${document.id}`} download className={secondaryButtonClass} aria-label={m.documents_downloadNamed({ title: document.title })}>
            {m.documents_download()}
          </a>
          <Form method="post">
            <input type="hidden" name="id" value={document.id} />
            <button type="submit" name="intent" value={document.shareToken ? "unshare" : "share"} disabled={busy} className={secondaryButtonClass}>
              {document.shareToken ? m.documents_unshare() : m.documents_share()}
            </button>
          </Form>
          <ConfirmedActionForm
            id={document.id}
            intent="delete"
            question={m.documents_confirmDelete({ title: document.title })}
            label={m.action_remove()}
            disabled={busy}
          />
        </div>
        {document.shareToken && <ShareLink document={document} link={new URL(`/s/${document.shareToken}`, origin).href} />}
        <details ref={renameForm} open={Boolean(failure?.fieldErrors.title)}>
          <summary className="cursor-pointer text-sm font-medium text-brand-700 dark:text-brand-300">{m.action_rename()}</summary>
          <Form method="post" className="mt-2 flex flex-col gap-2 sm:flex-row">
            <input type="hidden" name="id" value={document.id} />
            <label className="sr-only" htmlFor={`document-title-${document.id}`}>
              {m.documents_newTitle()}
            </label>
            <input
              id={`document-title-${document.id}`}
              name="title"
              defaultValue={document.title}
              required
              maxLength={200}
              autoComplete="off"
              aria-invalid={failure?.fieldErrors.title ? true : undefined}
              className={`${inputClass} min-w-0`}
            />
            <button type="submit" name="intent" value="rename" disabled={busy} className={secondaryButtonClass}>
              {m.action_save()}
            </button>
          </Form>
        </details>
        {failure && <FormAlert>{failureMessage(failure)}</FormAlert>}
      </div>
    </li>
  );
}

export default function Documents() {
  const { documents, quota, origin } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const failure = outcome && "formError" in outcome ? outcome : undefined;
  // A refusal for a document no longer listed (deleted in another tab) is shown above the list.
  const orphanFailure = failure && !documents.items.some((item) => item.id === failure.form) ? failure : undefined;
  const loading = navigation.state === "loading" || revalidator.state === "loading";

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl dark:text-white">{m.documents_title()}</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400">{m.documents_intro()}</p>
      </div>

      <section aria-labelledby="upload-heading" className="space-y-4 rounded-2xl border border-slate-200 bg-white p-5 sm:p-6 dark:border-slate-800 dark:bg-slate-900">
        <h2 id="upload-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
          {m.documents_uploadHeading()}
        </h2>
        <QuotaBar quota={quota} />
        <UploadForm quota={quota} />
      </section>

      <section aria-labelledby="list-heading" className="space-y-3">
        <h2 id="list-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
          {m.documents_listHeading()}
        </h2>
        {orphanFailure && <FormAlert>{failureMessage(orphanFailure)}</FormAlert>}
        {documents.items.length === 0 ? (
          <div className="rounded-xl border border-dashed border-slate-300 p-6 text-center text-slate-600 dark:border-slate-700 dark:text-slate-400">
            <p className="font-medium">{m.documents_empty()}</p>
            <p className="mt-1 text-sm">{m.documents_emptyHint()}</p>
          </div>
        ) : (
          <ul
            aria-busy={loading}
            className={`divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white transition-opacity dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900 ${loading ? "opacity-60" : ""}`}
          >
            {documents.items.map((document) => (
              <DocumentRow key={document.id} document={document} origin={origin} failure={failure?.form === document.id ? failure : undefined} />
            ))}
          </ul>
        )}
        <CursorPager nextCursor={documents.nextCursor} moreLabel={m.documents_more} firstLabel={m.documents_first} />
      </section>
    </div>
  );
}
