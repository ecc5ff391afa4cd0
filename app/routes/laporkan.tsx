import { json, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { AuthOutcome, FailureAlert, failureOf, linkClass } from "~/components/form-fields.tsx";
import * as m from "../../shared/paraglide/messages/_index.js";
import { formFields, submitForm } from "~/lib/form-action.server.ts";
import type { ReportReason } from "~/components/report-control.tsx";

export const meta: MetaFunction = () => [{ title: `${m.mod_reportResultTitle()} · ${m.site_name()}` }];

/** Nothing to show by itself: the control lives on the pages of what can be reported. */
export function loader() {
  return redirect("/laporan-saya");
}

/** The "Laporkan" control's post (report-control.tsx): in place with JavaScript, this page's outcome without. */
export async function action({ request, context }: ActionFunctionArgs) {
  const fields = formFields(await request.formData(), ["targetType", "targetId", "reason", "details"]);
  // Checked by the procedure: anything but its reasons is a BAD_REQUEST.
  const reason = fields.reason as ReportReason;
  const common = { reason, details: fields.details };
  // Each type's id as the procedure takes it; anything else is its input error.
  const input =
    fields.targetType === "reply"
      ? { targetType: "reply" as const, targetId: fields.targetId, ...common }
      : { targetType: fields.targetType === "user" ? ("user" as const) : ("thread" as const), targetId: Number(fields.targetId), ...common };
  const result = await submitForm(context.trpc.moderation.report(input));
  return result.ok ? json({ reported: true as const }) : result.response;
}

export default function ReportOutcome() {
  const outcome = useActionData<typeof action>();
  const failure = failureOf(outcome);
  if (outcome && "reported" in outcome) {
    return <AuthOutcome title={m.mod_reportResultTitle()} message={m.mod_sent()} to="/laporan-saya" linkLabel={m.mod_seeMyReports()} />;
  }
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{m.mod_reportResultTitle()}</h1>
      <FailureAlert failure={failure} />
      <Link to="/" className={linkClass}>
        {m.mod_backTo()}
      </Link>
    </div>
  );
}
