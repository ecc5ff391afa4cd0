import { DeviceBanModel } from "./device-ban.model.ts";
import { ReportModel } from "./report.model.ts";

/** Whether a device ban on this fingerprint is in force (no expiry, or one still ahead). */
export async function isDeviceBanned(fingerprint: string, now = new Date()): Promise<boolean> {
  const ban = await DeviceBanModel.exists({ fingerprint, $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] });
  return ban !== null;
}

/** Reports waiting for a decision (the admin dashboard). */
export function countOpenReports(): Promise<number> {
  return ReportModel.countDocuments({ status: "pending" });
}

/** Reports filed since `since`, whatever became of them, counted per day as `dayOf` names days. */
export async function countReportsByDay(since: Date, dayOf: (at: Date) => string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const report of ReportModel.find({ createdAt: { $gte: since } }, { createdAt: 1 }).lean().cursor()) {
    const day = dayOf(report.createdAt);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return counts;
}
