import { Link } from "@remix-run/react";
import { linkClass } from "~/components/form-fields.tsx";
import { threadPath } from "~/components/thread-list.tsx";
import * as m from "../../shared/paraglide/messages/_index.js";
import { pickMessage } from "~/lib/locale.ts";
import type { Loaded, RouterOutputs } from "~/lib/trpc.tsx";
import { replyAnchor } from "../../shared/reply-anchor.ts";

type Target = Loaded<RouterOutputs["moderation"]["myReports"]["items"][number]["target"]>;

const statusTone: Record<string, string> = {
  pending: "bg-amber-100 text-amber-900 dark:bg-amber-500/20 dark:text-amber-200",
  resolved: "bg-emerald-100 text-emerald-900 dark:bg-emerald-500/20 dark:text-emerald-200",
  dismissed: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-200",
};

/** A report's status as a small coloured label. */
export function ReportStatusLabel({ status }: { status: string }) {
  return (
    <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${statusTone[status] ?? statusTone.dismissed}`} data-testid="report-status">
      {pickMessage({ pending: m.mod_status_pending, resolved: m.mod_status_resolved, dismissed: m.mod_status_dismissed }, status)()}
    </span>
  );
}

/** What a report is about, linked to it on the forum while it is there. */
export function ReportTargetLink({ targetType, target }: { targetType: string; target: Target }) {
  if (target.gone) return <span className="text-slate-500 dark:text-slate-400">{m.mod_target_gone()}</span>;
  if (targetType === "user") {
    return (
      <Link to={`/u/${encodeURIComponent(target.username ?? "")}`} className={linkClass}>
        {m.mod_target_user({ username: target.username ?? "" })}
      </Link>
    );
  }
  const thread = { id: target.threadId ?? 0, slug: target.threadSlug ?? "" };
  const label =
    targetType === "reply"
      ? m.mod_target_reply({ username: target.username ?? "", title: target.threadTitle ?? "" })
      : m.mod_target_thread({ title: target.threadTitle ?? "" });
  return (
    <Link to={`${threadPath(thread)}${target.replyId ? `#${replyAnchor(target.replyId)}` : ""}`} className={linkClass}>
      {label}
    </Link>
  );
}
