import { z } from "zod";
import type { JobRegistry } from "../platform/jobs.ts";
import { expirePendingOrders } from "./payment/service.ts";
import { ReactionModel } from "./reaction/reaction.model.ts";
import { ReplyModel } from "./reply/reply.model.ts";
import { threadId } from "./schemas.ts";
import { HIDE_THREAD_ACTIVITY_TASK, hideThreadActivity } from "./thread/hide-activity.ts";
import { resumePendingEntries } from "./wallet/service.ts";

/** Periodic tasks, one graphile-worker crontab line each. */
const crontabLines: string[] = [
  // Pending payment orders past their expiry become expired.
  "* * * * * payment_expire_orders",
  // Ledger entries a stopped process left half-applied are finished.
  "*/5 * * * * wallet_resume_pending",
];

const threadPayload = z.object({ threadId });

/**
 * Every background task of the application, by name, and the periodic ones (graphile-worker
 * crontab syntax: `<minute> <hour> <day> <month> <weekday> <task> [?options] [payload]`).
 * A module adds its task here and, when periodic, a crontab line.
 */
export const jobRegistry: JobRegistry = {
  tasks: {
    payment_expire_orders: async () => {
      await expirePendingOrders(new Date());
    },
    wallet_resume_pending: async () => {
      await resumePendingEntries(new Date());
    },
    [HIDE_THREAD_ACTIVITY_TASK]: async (payload) => {
      const { threadId } = threadPayload.parse(payload);
      await hideThreadActivity({ replies: ReplyModel, reactions: ReactionModel }, threadId);
    },
  },
  crontab: crontabLines.join("\n"),
};
