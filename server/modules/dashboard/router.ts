import { adminProcedure } from "../../trpc/init.ts";
import { getDashboard } from "./service.ts";

/** admin.dashboard: sign-ups, threads, replies, reports, payments and tokens spent per day (30 days, Asia/Jakarta). */
export const dashboardProcedure = adminProcedure.query(({ ctx }) => getDashboard(ctx));
