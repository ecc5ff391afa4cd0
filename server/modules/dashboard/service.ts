import type { Prisma } from "../../platform/db/postgres.ts";
import { countOpenReports, countReportsByDay } from "../moderation/service.ts";
import { settledPaymentsByDay } from "../payment/admin.ts";
import { countRepliesByDay } from "../reply/service.ts";
import { tokensSpentByDay } from "../wallet/admin.ts";

/*
 * The admin dashboard (admin.dashboard): the figures an operator looks at first, per day for the
 * last 30 days in Asia/Jakarta (UTC+7 all year, no daylight saving), days without any activity
 * included as zeros. Each module counts its own rows; this only lines the days up.
 */

export const DASHBOARD_DAYS = 30;
const JAKARTA_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** The Jakarta calendar day of an instant, as YYYY-MM-DD. */
export function jakartaDay(at: Date): string {
  return new Date(at.getTime() + JAKARTA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Jakarta day (YYYY-MM-DD) begins. */
function jakartaMidnight(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - JAKARTA_OFFSET_MS);
}

export interface DashboardDay {
  /** YYYY-MM-DD, Asia/Jakarta. */
  day: string;
  signups: number;
  threads: number;
  replies: number;
  /** Reports filed that day, whatever became of them. */
  reports: number;
  /** Orders paid that day, and their rupiah. */
  payments: number;
  paymentRupiah: number;
  /** Tokens charged for Aleph's answers. */
  tokensSpent: number;
}

export interface Dashboard {
  days: DashboardDay[];
  /** The last day (today in Jakarta) again, for the figures above the charts. */
  today: DashboardDay;
  /** Reports waiting for a decision right now. */
  openReports: number;
  generatedAt: Date;
}

async function countByDay(rows: Promise<{ day: string; count: bigint }[]>): Promise<Map<string, number>> {
  return new Map((await rows).map((row) => [row.day, Number(row.count)]));
}

export async function getDashboard({ prisma }: { prisma: Prisma }, now = new Date()): Promise<Dashboard> {
  const today = jakartaDay(now);
  const since = new Date(jakartaMidnight(today).getTime() - (DASHBOARD_DAYS - 1) * DAY_MS);
  const [signups, threads, replies, reports, payments, tokens, openReports] = await Promise.all([
    countByDay(prisma.$queryRaw`
      SELECT to_char("created_at" AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD') AS day, count(*) AS count
      FROM "users" WHERE "created_at" >= ${since} AND "created_at" <= ${now} GROUP BY 1`),
    countByDay(prisma.$queryRaw`
      SELECT to_char("created_at" AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD') AS day, count(*) AS count
      FROM "threads" WHERE "created_at" >= ${since} AND "created_at" <= ${now} GROUP BY 1`),
    countRepliesByDay(since, jakartaDay),
    countReportsByDay(since, jakartaDay),
    settledPaymentsByDay(since, jakartaDay),
    tokensSpentByDay(since, jakartaDay),
    countOpenReports(),
  ]);
  const days = Array.from({ length: DASHBOARD_DAYS }, (_, i): DashboardDay => {
    const day = jakartaDay(new Date(since.getTime() + i * DAY_MS));
    return {
      day,
      signups: signups.get(day) ?? 0,
      threads: threads.get(day) ?? 0,
      replies: replies.get(day) ?? 0,
      reports: reports.get(day) ?? 0,
      payments: payments.get(day)?.count ?? 0,
      paymentRupiah: payments.get(day)?.rupiah ?? 0,
      tokensSpent: tokens.get(day) ?? 0,
    };
  });
  return { days, today: days.at(-1)!, openReports, generatedAt: now };
}
