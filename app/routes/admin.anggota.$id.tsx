import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useId, type ReactNode } from "react";
import { FailureAlert, failureOf, FormAlert, inputClass, secondaryButtonClass, SubmitButton, TextField } from "~/components/form-fields.tsx";
import { MemberFacts, WarningRecord } from "~/components/member-record.tsx";
import { ReportStatusLabel } from "~/components/moderation-labels.tsx";
import { formatDateTime } from "~/lib/format.ts";
import { expiryOf, formFields } from "~/lib/form-action.server.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { type Message, pickMessage, useLocale } from "~/lib/locale.ts";
import { parseIdParam } from "~/lib/loader.server.ts";
import { adminCall, adminSubmit } from "~/lib/admin.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${m.mod_memberTitle({ username: data?.member.username ?? "" })} · ${m.site_name()}` },
];

/** One member's record and the admin's actions on it (admins; anyone else gets the procedure's 403). */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const userId = parseIdParam(params.id);
  return json({ member: await adminCall(request, context.trpc.moderation.members.get({ userId })) });
}

/** What a finished action says: the action names it, the page words it (action data carries no message). */
type Done = "saved" | "contentQueued" | "bannedCount";
const DONE_MESSAGES: Record<Done, Message> = { saved: m.mod_saved, contentQueued: m.mod_contentQueued, bannedCount: m.mod_bannedCount };

export async function action({ params, request, context }: ActionFunctionArgs) {
  const userId = parseIdParam(params.id);
  const fields = formFields(await request.formData(), ["intent", "severity", "reason", "hideContent", "expiresAt"]);
  const members = context.trpc.moderation.members;
  const done = (message: Done, count = 0) => json({ done: message, count });
  switch (fields.intent) {
    case "warn": {
      const severity = fields.severity === "final" ? "final" : "warning";
      const result = await adminSubmit(request, members.warn({ userId, severity, reason: fields.reason }), "warn");
      return result.ok ? done("saved") : result.response;
    }
    case "lock": {
      const result = await adminSubmit(request, members.lock({ userId, reason: fields.reason, hideContent: fields.hideContent === "on" }), "lock");
      return result.ok ? done(fields.hideContent === "on" ? "contentQueued" : "saved") : result.response;
    }
    case "unlock": {
      const result = await adminSubmit(request, members.unlock({ userId }), "lock");
      return result.ok ? done("saved") : result.response;
    }
    case "resetTwoFactor": {
      const result = await adminSubmit(request, members.resetTwoFactor({ userId }), "twoFactor");
      return result.ok ? done("saved") : result.response;
    }
    case "hideAll":
    case "unhideAll": {
      const call = fields.intent === "hideAll" ? members.hideAllContent({ userId }) : members.unhideAllContent({ userId });
      const result = await adminSubmit(request, call, "content");
      return result.ok ? done("contentQueued") : result.response;
    }
    default: {
      const result = await adminSubmit(request, members.banDevices({ userId, reason: fields.reason, expiresAt: expiryOf(fields.expiresAt) }), "ban");
      return result.ok ? done("bannedCount", result.data.banned) : result.response;
    }
  }
}

const cardClass = "space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-5 dark:border-slate-800 dark:bg-slate-900";

function Card({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const id = useId();
  return (
    <section className={cardClass} aria-labelledby={id} data-testid={testId}>
      <h2 id={id} className="text-lg font-semibold text-slate-900 dark:text-white">
        {title}
      </h2>
      {children}
    </section>
  );
}

export default function MemberRecordPage() {
  const locale = useLocale();
  const id = useId();
  const { member } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  const done = outcome && "done" in outcome ? outcome : null;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{m.mod_memberTitle({ username: member.username })}</h1>
      {done && <FormAlert tone="success">{DONE_MESSAGES[done.done]({ count: done.count })}</FormAlert>}
      <FailureAlert failure={failure} />
      <Card title={m.mod_accountState()}>
        <MemberFacts member={member} />
      </Card>
      <Card title={m.mod_warningRecord()} testId="member-warnings">
        <WarningRecord warnings={member.warnings} />
        <Form method="post" className="space-y-3 border-t border-slate-200 pt-3 dark:border-slate-800">
          <div className="space-y-1">
            <label htmlFor={`${id}-severity`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
              {m.mod_warnSeverity()}
            </label>
            <select id={`${id}-severity`} name="severity" className={inputClass} defaultValue="warning">
              <option value="warning">{m.mod_severity_warning()}</option>
              <option value="final">{m.mod_severity_final()}</option>
            </select>
          </div>
          <TextField name="reason" label={m.mod_warnReason()} required maxLength={500} errors={failure?.form === "warn" ? failure.fieldErrors.reason : undefined} />
          <SubmitButton intent="warn">{m.mod_warn()}</SubmitButton>
        </Form>
      </Card>
      <Card title={m.mod_lock()}>
        {member.isLocked ? (
          <Form method="post">
            <button type="submit" name="intent" value="unlock" className={secondaryButtonClass}>
              {m.mod_unlock()}
            </button>
          </Form>
        ) : (
          <Form method="post" className="space-y-3">
            <TextField name="reason" label={m.mod_lockReason()} required maxLength={500} errors={failure?.form === "lock" ? failure.fieldErrors.reason : undefined} />
            <label className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
              <input type="checkbox" name="hideContent" className="h-4 w-4" />
              {m.mod_lockHideContent()}
            </label>
            <SubmitButton intent="lock">{m.mod_lock()}</SubmitButton>
          </Form>
        )}
      </Card>
      <Card title={m.mod_contentState()}>
        <Form method="post" className="flex flex-wrap gap-2">
          <button type="submit" name="intent" value={member.contentHidden ? "unhideAll" : "hideAll"} className={secondaryButtonClass}>
            {(member.contentHidden ? m.mod_unhideAll : m.mod_hideAll)()}
          </button>
        </Form>
      </Card>
      {member.totpEnabled && (
        <Card title={m.mod_twoFactor()}>
          <Form
            method="post"
            onSubmit={(event) => {
              if (!window.confirm(m.mod_resetTwoFactorConfirm())) event.preventDefault();
            }}
          >
            <button type="submit" name="intent" value="resetTwoFactor" className={secondaryButtonClass}>
              {m.mod_resetTwoFactor()}
            </button>
          </Form>
        </Card>
      )}
      <Card title={m.mod_banDevices()}>
        <Form method="post" className="space-y-3">
          <TextField name="reason" label={m.mod_banReason()} required maxLength={500} errors={failure?.form === "ban" ? failure.fieldErrors.reason : undefined} />
          <TextField name="expiresAt" type="datetime-local" label={m.mod_banExpires()} />
          <SubmitButton intent="ban">{m.mod_actionBan({ count: member.knownDevices })}</SubmitButton>
        </Form>
      </Card>
      <Card title={m.mod_reportsAbout()}>
        {member.reports.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">{m.mod_noReportsAbout()}</p>
        ) : (
          <ul className="space-y-2 text-sm">
            {member.reports.map((report) => (
              <li key={report.id} className="flex flex-wrap items-center gap-2">
                <ReportStatusLabel status={report.status} />
                <a href={`/admin/laporan/${report.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
                  {pickMessage({ spam: m.mod_reason_spam, abuse: m.mod_reason_abuse, off_topic: m.mod_reason_off_topic, illegal: m.mod_reason_illegal, other: m.mod_reason_other }, report.reason)()}
                </a>
                <time dateTime={report.createdAt} className="text-slate-500 dark:text-slate-400">
                  {formatDateTime(report.createdAt, locale)}
                </time>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
