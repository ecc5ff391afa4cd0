import { Link } from "@remix-run/react";
import { linkClass } from "~/components/form-fields.tsx";
import { formatDateTime, formatNumber } from "~/lib/format.ts";
import * as m from "../../shared/paraglide/messages/_index.js";
import { useLocale } from "~/lib/locale.ts";
import type { Loaded, RouterOutputs } from "~/lib/trpc.tsx";

type MemberRecord = Loaded<RouterOutputs["moderation"]["members"]["get"]>;

/** A member's state at a glance, for admins: account, activity, lock, two-factor, content. */
export function MemberFacts({ member, link = false }: { member: MemberRecord; link?: boolean }) {
  const locale = useLocale();
  const facts: [string, string][] = [
    [m.mod_email(), member.email],
    [m.mod_joined(), formatDateTime(member.createdAt, locale)],
    [m.mod_verified(), (member.isVerified ? m.mod_yes : m.mod_no)()],
    [m.mod_accountState(), member.isLocked ? m.mod_locked({ reason: member.lockReason ?? "" }) : m.mod_active()],
    [m.mod_twoFactor(), (member.totpEnabled ? m.mod_on : m.mod_off)()],
    [
      m.mod_countsLabel(),
      m.mod_counts({
        threads: formatNumber(member.counts.threads, locale),
        replies: formatNumber(member.counts.replies, locale),
        warnings: formatNumber(member.counts.warnings, locale),
      }),
    ],
    [m.mod_contentState(), (member.contentHidden ? m.mod_contentAllHidden : m.mod_contentShown)()],
    [m.mod_knownDevices(), formatNumber(member.knownDevices, locale)],
  ];
  return (
    <div className="space-y-2">
      {link && (
        <Link to={`/admin/anggota/${member.id}`} className={linkClass}>
          {member.username} · {m.mod_viewMember()}
        </Link>
      )}
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]" data-testid="member-facts">
        {facts.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-medium text-slate-600 dark:text-slate-400">{label}</dt>
            <dd className="break-words text-slate-900 dark:text-slate-100">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** A member's warnings, newest first. */
export function WarningRecord({ warnings }: { warnings: MemberRecord["warnings"] }) {
  const locale = useLocale();
  if (warnings.length === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">{m.mod_warningsEmpty()}</p>;
  return (
    <ul className="space-y-2" data-testid="warning-record">
      {warnings.map((warning) => (
        <li key={warning.id} className="rounded-lg border border-slate-200 px-3 py-2 text-sm dark:border-slate-700">
          <span className={warning.severity === "final" ? "font-semibold text-red-700 dark:text-red-300" : "font-semibold text-amber-700 dark:text-amber-300"}>
            {(warning.severity === "final" ? m.mod_severity_final : m.mod_severity_warning)()}
          </span>{" "}
          <span className="text-slate-500 dark:text-slate-400">{formatDateTime(warning.createdAt, locale)}</span>
          <p className="whitespace-pre-line break-words text-slate-800 dark:text-slate-200">{warning.reason}</p>
        </li>
      ))}
    </ul>
  );
}
