import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useId, type ReactNode } from "react";
import { FailureAlert, failureOf, FormAlert, inputClass, secondaryButtonClass, SubmitButton, TextField } from "~/components/form-fields.tsx";
import { MemberFacts, WarningRecord } from "~/components/member-record.tsx";
import { ReportStatusLabel } from "~/components/moderation-labels.tsx";
import { formatDateTime } from "~/lib/format.ts";
import { expiryOf, formFields } from "~/lib/form-action.server.ts";
import { t as translateDefault, useLocale, useT, type MessageKey } from "~/lib/i18n.ts";
import { parseIdParam } from "~/lib/loader.server.ts";
import { adminCall, adminSubmit } from "~/lib/admin.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${translateDefault("mod.memberTitle", { username: data?.member.username ?? "" })} · ${translateDefault("site.name")}` },
];

/** One member's record and the admin's actions on it (admins; anyone else gets the procedure's 403). */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const userId = parseIdParam(params.id);
  return json({ member: await adminCall(request, context.trpc.moderation.members.get({ userId })) });
}

/** What a finished action says: the action names it, the page words it (action data carries no message). */
type Done = "saved" | "contentQueued" | "bannedCount";
const DONE_MESSAGES: Record<Done, MessageKey> = { saved: "mod.saved", contentQueued: "mod.contentQueued", bannedCount: "mod.bannedCount" };

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
  const t = useT();
  const locale = useLocale();
  const id = useId();
  const { member } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  const done = outcome && "done" in outcome ? outcome : null;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{t("mod.memberTitle", { username: member.username })}</h1>
      {done && <FormAlert tone="success">{t(DONE_MESSAGES[done.done], { count: done.count })}</FormAlert>}
      <FailureAlert failure={failure} />
      <Card title={t("mod.accountState")}>
        <MemberFacts member={member} />
      </Card>
      <Card title={t("mod.warningRecord")} testId="member-warnings">
        <WarningRecord warnings={member.warnings} />
        <Form method="post" className="space-y-3 border-t border-slate-200 pt-3 dark:border-slate-800">
          <div className="space-y-1">
            <label htmlFor={`${id}-severity`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
              {t("mod.warnSeverity")}
            </label>
            <select id={`${id}-severity`} name="severity" className={inputClass} defaultValue="warning">
              <option value="warning">{t("mod.severity.warning")}</option>
              <option value="final">{t("mod.severity.final")}</option>
            </select>
          </div>
          <TextField name="reason" label={t("mod.warnReason")} required maxLength={500} errors={failure?.form === "warn" ? failure.fieldErrors.reason : undefined} />
          <SubmitButton intent="warn">{t("mod.warn")}</SubmitButton>
        </Form>
      </Card>
      <Card title={t("mod.lock")}>
        {member.isLocked ? (
          <Form method="post">
            <button type="submit" name="intent" value="unlock" className={secondaryButtonClass}>
              {t("mod.unlock")}
            </button>
          </Form>
        ) : (
          <Form method="post" className="space-y-3">
            <TextField name="reason" label={t("mod.lockReason")} required maxLength={500} errors={failure?.form === "lock" ? failure.fieldErrors.reason : undefined} />
            <label className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
              <input type="checkbox" name="hideContent" className="h-4 w-4" />
              {t("mod.lockHideContent")}
            </label>
            <SubmitButton intent="lock">{t("mod.lock")}</SubmitButton>
          </Form>
        )}
      </Card>
      <Card title={t("mod.contentState")}>
        <Form method="post" className="flex flex-wrap gap-2">
          <button type="submit" name="intent" value={member.contentHidden ? "unhideAll" : "hideAll"} className={secondaryButtonClass}>
            {t(member.contentHidden ? "mod.unhideAll" : "mod.hideAll")}
          </button>
        </Form>
      </Card>
      {member.totpEnabled && (
        <Card title={t("mod.twoFactor")}>
          <Form
            method="post"
            onSubmit={(event) => {
              if (!window.confirm(t("mod.resetTwoFactorConfirm"))) event.preventDefault();
            }}
          >
            <button type="submit" name="intent" value="resetTwoFactor" className={secondaryButtonClass}>
              {t("mod.resetTwoFactor")}
            </button>
          </Form>
        </Card>
      )}
      <Card title={t("mod.banDevices")}>
        <Form method="post" className="space-y-3">
          <TextField name="reason" label={t("mod.banReason")} required maxLength={500} errors={failure?.form === "ban" ? failure.fieldErrors.reason : undefined} />
          <TextField name="expiresAt" type="datetime-local" label={t("mod.banExpires")} />
          <SubmitButton intent="ban">{t("mod.actionBan", { count: member.knownDevices })}</SubmitButton>
        </Form>
      </Card>
      <Card title={t("mod.reportsAbout")}>
        {member.reports.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">{t("mod.noReportsAbout")}</p>
        ) : (
          <ul className="space-y-2 text-sm">
            {member.reports.map((report) => (
              <li key={report.id} className="flex flex-wrap items-center gap-2">
                <ReportStatusLabel status={report.status} />
                <a href={`/admin/laporan/${report.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
                  {t(`mod.reason.${report.reason}` as MessageKey)}
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
