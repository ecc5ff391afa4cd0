/**
 * Who may report what: anyone signed in may report a thread, a reply or a member, except
 * themselves and what they wrote (a report is a request to someone else to look).
 */
export function canReport(reporterId: number, target: { ownerId: number }): boolean {
  return reporterId !== target.ownerId;
}

/** A report is decided once: only a pending one can be resolved or dismissed. */
export function isOpenReport(report: { status: string }): boolean {
  return report.status === "pending";
}
