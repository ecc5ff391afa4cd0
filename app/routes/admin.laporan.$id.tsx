import {
  json,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useId } from "react";
import {
  FailureAlert,
  failureOf,
  FormAlert,
  inputClass,
  linkClass,
  secondaryButtonClass,
  SubmitButton,
  TextField,
} from "~/components/form-fields.tsx";
import { MemberFacts, WarningRecord } from "~/components/member-record.tsx";
import {
  ReportStatusLabel,
  ReportTargetLink,
} from "~/components/moderation-labels.tsx";
import { threadPath } from "~/components/thread-list.tsx";
import { formatDateTime } from "~/lib/format.ts";
import { expiryOf, formFields } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { pickMessage, useLocale } from "~/lib/locale.ts";
import { adminCall, adminSubmit } from "~/lib/admin.server.ts";
import { replyAnchor } from "../../shared/reply-anchor.ts";

export const meta: MetaFunction = () => [
  {
    title: `${m.mod_detailTitle()} · ${m.site_name()}`,
  },
];

/** One report in context (admins; anyone else gets the procedure's 403). */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  return json({
    item: await adminCall(
      request,
      context.trpc.moderation.queue.get({ id: params.id ?? "" })
    ),
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const id = params.id ?? "";
  const fields = formFields(await request.formData(), [
    "intent",
    "hide",
    "warn",
    "severity",
    "warnReason",
    "lock",
    "lockReason",
    "ban",
    "banReason",
    "banExpires",
    "note",
  ]);
  if (fields.intent === "dismiss") {
    const result = await adminSubmit(
      request,
      context.trpc.moderation.queue.dismiss({ id, note: fields.note })
    );
    return result.ok
      ? json({ done: "dismissed" as const, reports: result.data.reports })
      : result.response;
  }
  const result = await adminSubmit(
    request,
    context.trpc.moderation.queue.resolve({
      id,
      hide: fields.hide === "on",
      warn:
        fields.warn === "on"
          ? {
              severity: fields.severity === "final" ? "final" : "warning",
              reason: fields.warnReason,
            }
          : null,
      lock: fields.lock === "on" ? { reason: fields.lockReason } : null,
      banDevices:
        fields.ban === "on"
          ? { reason: fields.banReason, expiresAt: expiryOf(fields.banExpires) }
          : null,
      note: fields.note,
    })
  );
  return result.ok
    ? json({ done: "resolved" as const, reports: result.data.reports })
    : result.response;
}

function Checkbox({ name, label }: { name: string; label: string }) {
  return (
    <label className="flex items-center gap-2 text-sm font-medium text-slate-800 dark:text-slate-200">
      <input type="checkbox" name={name} className="h-4 w-4" />
      {label}
    </label>
  );
}

function DecisionForms({ knownDevices }: { knownDevices: number }) {
  const id = useId();
  return (
    <div className="space-y-4">
      <Form method="post" className="space-y-4" data-testid="resolve-form">
        <fieldset className="space-y-3">
          <legend className="text-base font-semibold text-slate-900 dark:text-white">
            {m.mod_actions()}
          </legend>
          <Checkbox name="hide" label={m.mod_actionHide()} />
          <div className="space-y-2 rounded-lg border border-slate-200 p-3 dark:border-slate-700">
            <Checkbox name="warn" label={m.mod_actionWarn()} />
            <div className="space-y-1">
              <label
                htmlFor={`${id}-severity`}
                className="block text-sm text-slate-700 dark:text-slate-300"
              >
                {m.mod_warnSeverity()}
              </label>
              <select
                id={`${id}-severity`}
                name="severity"
                className={inputClass}
                defaultValue="warning"
              >
                <option value="warning">{m.mod_severity_warning()}</option>
                <option value="final">{m.mod_severity_final()}</option>
              </select>
            </div>
            <TextField
              name="warnReason"
              label={m.mod_warnReason()}
              maxLength={500}
            />
          </div>
          <div className="space-y-2 rounded-lg border border-slate-200 p-3 dark:border-slate-700">
            <Checkbox name="lock" label={m.mod_actionLock()} />
            <TextField
              name="lockReason"
              label={m.mod_lockReason()}
              maxLength={500}
            />
          </div>
          <div className="space-y-2 rounded-lg border border-slate-200 p-3 dark:border-slate-700">
            <Checkbox
              name="ban"
              label={m.mod_actionBan({ count: knownDevices })}
            />
            <TextField
              name="banReason"
              label={m.mod_banReason()}
              maxLength={500}
            />
            <TextField
              name="banExpires"
              type="datetime-local"
              label={m.mod_banExpires()}
            />
          </div>
        </fieldset>
        <NoteField />
        <SubmitButton intent="resolve">{m.mod_resolve()}</SubmitButton>
      </Form>
      <Form
        method="post"
        className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800"
        data-testid="dismiss-form"
      >
        <NoteField />
        <button
          type="submit"
          name="intent"
          value="dismiss"
          className={secondaryButtonClass}
        >
          {m.mod_dismiss()}
        </button>
      </Form>
    </div>
  );
}

function NoteField() {
  const id = useId();
  return (
    <div className="space-y-1">
      <label
        htmlFor={id}
        className="block text-sm font-medium text-slate-800 dark:text-slate-200"
      >
        {m.mod_note()}
      </label>
      <textarea
        id={id}
        name="note"
        rows={2}
        maxLength={1000}
        className={inputClass}
      />
    </div>
  );
}

const cardClass =
  "space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-5 dark:border-slate-800 dark:bg-slate-900";

export default function ReportReview() {
  const locale = useLocale();
  const { item } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  const { report, target, author } = item;
  const done = outcome && "done" in outcome ? outcome : null;
  return (
    <div className="space-y-4">
      <Link to="/admin/laporan" className={`${linkClass} text-sm`}>
        {m.mod_backToQueue()}
      </Link>
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">
        {m.mod_detailTitle()}
      </h1>
      {done && (
        <FormAlert tone="success">
          {(done.done === "resolved" ? m.mod_resolvedDone : m.mod_dismissedDone)({ count: done.reports })}
        </FormAlert>
      )}
      <FailureAlert failure={failure} />

      <section className={cardClass} aria-labelledby="report-heading">
        <h2
          id="report-heading"
          className="flex flex-wrap items-center gap-2 text-lg font-semibold text-slate-900 dark:text-white"
        >
          <ReportStatusLabel status={report.status} />{" "}
          {pickMessage({ spam: m.mod_reason_spam, abuse: m.mod_reason_abuse, off_topic: m.mod_reason_off_topic, illegal: m.mod_reason_illegal, other: m.mod_reason_other }, report.reason)()}
        </h2>
        {report.details && (
          <p className="whitespace-pre-line break-words text-slate-800 dark:text-slate-200">
            {report.details}
          </p>
        )}
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {m.mod_reportedBy({ username: report.reporter?.username ?? "?" })}{" "}
          ·{" "}
          <time dateTime={report.createdAt}>
            {formatDateTime(report.createdAt, locale)}
          </time>
        </p>
        {report.resolution && (
          <p className="text-sm">
            {m.mod_outcome({ note: report.resolution })}
          </p>
        )}
      </section>

      <section
        className={cardClass}
        aria-labelledby="context-heading"
        data-testid="report-context"
      >
        <h2
          id="context-heading"
          className="text-lg font-semibold text-slate-900 dark:text-white"
        >
          {m.mod_inContext()}
        </h2>
        <ReportTargetLink
          targetType={report.targetType}
          target={report.target}
        />
        {!target ? (
          <p className="text-slate-600 dark:text-slate-400">
            {m.mod_targetGone()}
          </p>
        ) : (
          <>
            {target.thread && (
              <div className="space-y-1">
                <p className="font-medium text-slate-900 dark:text-white">
                  {m.mod_inThread({ title: target.thread.title })}{" "}
                  {target.thread.isDeleted
                    ? `(${m.mod_deletedByAuthor()})`
                    : target.thread.hiddenAt || target.thread.hiddenWithAuthor
                    ? `(${m.mod_alreadyHidden()})`
                    : ""}
                </p>
                {target.type === "thread" && (
                  <p className="whitespace-pre-line break-words text-sm text-slate-700 dark:text-slate-300">
                    {target.thread.excerpt}
                  </p>
                )}
              </div>
            )}
            {target.reply && (
              <div className="space-y-2">
                {target.reply.parent && (
                  <blockquote className="border-l-4 border-slate-300 pl-3 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
                    <p className="font-medium">
                      {m.mod_inReplyTo({
                        username: target.reply.parent.username,
                      })}
                    </p>
                    <p className="whitespace-pre-line break-words">
                      {target.reply.parent.content}
                    </p>
                  </blockquote>
                )}
                <div className="rounded-lg bg-slate-50 p-3 dark:bg-slate-800">
                  <p className="text-sm font-semibold text-slate-900 dark:text-white">
                    {target.reply.username}{" "}
                    {target.reply.isDeleted
                      ? `(${m.mod_deletedByAuthor()})`
                      : target.reply.isHidden
                      ? `(${m.mod_alreadyHidden()})`
                      : ""}
                  </p>
                  <p
                    className="whitespace-pre-line break-words text-slate-800 dark:text-slate-200"
                    data-testid="reported-reply"
                  >
                    {target.reply.content}
                  </p>
                </div>
                {target.thread && (
                  <Link
                    to={`${threadPath(target.thread)}#${replyAnchor(target.reply.id)}`}
                    className={`${linkClass} text-sm`}
                  >
                    {m.mod_openContent()}
                  </Link>
                )}
              </div>
            )}
          </>
        )}
      </section>

      {author && (
        <section className={cardClass} aria-labelledby="author-heading">
          <h2
            id="author-heading"
            className="text-lg font-semibold text-slate-900 dark:text-white"
          >
            {m.mod_authorRecord()}
          </h2>
          <MemberFacts member={author} link />
          <h3 className="font-medium text-slate-900 dark:text-white">
            {m.mod_warningRecord()}
          </h3>
          <WarningRecord warnings={author.warnings} />
        </section>
      )}

      <section className={cardClass} aria-labelledby="others-heading">
        <h2
          id="others-heading"
          className="text-lg font-semibold text-slate-900 dark:text-white"
        >
          {m.mod_otherReports()}
        </h2>
        {item.otherReports.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">
            {m.mod_noOtherReports()}
          </p>
        ) : (
          <ul className="space-y-2 text-sm">
            {item.otherReports.map((other) => (
              <li key={other.id} className="flex flex-wrap items-center gap-2">
                <ReportStatusLabel status={other.status} />
                <span>{pickMessage({ spam: m.mod_reason_spam, abuse: m.mod_reason_abuse, off_topic: m.mod_reason_off_topic, illegal: m.mod_reason_illegal, other: m.mod_reason_other }, other.reason)()}</span>
                <span className="text-slate-500 dark:text-slate-400">
                  {m.mod_reportedBy({
                    username: other.reporter?.username ?? "?",
                  })}
                </span>
                {other.details && (
                  <span className="break-words text-slate-700 dark:text-slate-300">
                    “{other.details}”
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className={cardClass}>
        {report.status === "pending" && !done ? (
          <DecisionForms knownDevices={author?.knownDevices ?? 0} />
        ) : (
          <p className="text-slate-700 dark:text-slate-300">
            {m.mod_decided({
              status: pickMessage({ pending: m.mod_status_pending, resolved: m.mod_status_resolved, dismissed: m.mod_status_dismissed }, done ? done.done : report.status)(),
            })}
          </p>
        )}
      </section>
    </div>
  );
}
