import { useFetcher } from "@remix-run/react";
import { useId } from "react";
import { FailureAlert, failureOf, FormAlert, inputClass, linkClass } from "~/components/form-fields.tsx";
import * as m from "../../shared/paraglide/messages/_index.js";
import { pickMessage } from "~/lib/locale.ts";
import type { action as reportAction } from "~/routes/laporkan.tsx";

/** The reasons a member can pick, as moderation.report takes them. */
export const REPORT_REASONS = ["spam", "abuse", "off_topic", "illegal", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

const summaryClass =
  "inline-flex cursor-pointer list-none items-center rounded px-2 py-1 text-xs font-medium text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-white";

/**
 * "Laporkan" on a thread, a reply or a profile: a disclosure (keyboard accessible as a native
 * <details>) with the reasons and a details field. It posts to /laporkan, in place with
 * JavaScript, as a plain form post (with an outcome page) without it.
 */
export function ReportControl({ targetType, targetId }: { targetType: "thread" | "reply" | "user"; targetId: string | number }) {
  const id = useId();
  const fetcher = useFetcher<typeof reportAction>();
  const reported = fetcher.data && "reported" in fetcher.data;
  const failure = failureOf(fetcher.data);
  return (
    <details className="group" data-testid="report-control">
      <summary className={summaryClass}>{m.mod_report()}</summary>
      <div className="mt-2 max-w-md rounded-lg border border-slate-200 bg-slate-50 p-3 dark:border-slate-700 dark:bg-slate-800/60">
        {reported ? (
          <FormAlert tone="success">
            {m.mod_sent()}{" "}
            <a href="/laporan-saya" className={linkClass}>
              {m.mod_seeMyReports()}
            </a>
          </FormAlert>
        ) : (
          <fetcher.Form method="post" action="/laporkan" className="space-y-3">
            <input type="hidden" name="targetType" value={targetType} />
            <input type="hidden" name="targetId" value={targetId} />
            <fieldset className="space-y-1">
              <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">{m.mod_reason()}</legend>
              {REPORT_REASONS.map((reason, index) => (
                <label key={reason} className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
                  <input type="radio" name="reason" value={reason} defaultChecked={index === 0} />
                  {pickMessage({ spam: m.mod_reason_spam, abuse: m.mod_reason_abuse, off_topic: m.mod_reason_off_topic, illegal: m.mod_reason_illegal, other: m.mod_reason_other }, reason)()}
                </label>
              ))}
            </fieldset>
            <div className="space-y-1">
              <label htmlFor={`${id}-details`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
                {m.mod_details()}
              </label>
              <textarea id={`${id}-details`} name="details" rows={2} maxLength={1000} className={inputClass} />
            </div>
            <FailureAlert failure={failure} />
            <button
              type="submit"
              disabled={fetcher.state !== "idle"}
              className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
            >
              {fetcher.state !== "idle" ? m.form_submitting() : m.mod_send()}
            </button>
          </fetcher.Form>
        )}
      </div>
    </details>
  );
}
