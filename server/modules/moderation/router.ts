import { z } from "zod";
import { adminProcedure, protectedProcedure, router } from "../../trpc/init.ts";
import { cursorInput, newestFirstPosition, pageLimit } from "../pagination.ts";
import { documentId, rowId, threadId } from "../schemas.ts";
import { liftBan, listBans, banDevice, banMemberDevices } from "./bans.ts";
import {
  getMemberRecord,
  listWarnings,
  lockMemberNow,
  resetMemberTwoFactor,
  setMemberContentHidden,
  unlockMember,
  warnMember,
} from "./members.ts";
import { REPORT_STATUSES, REPORT_TARGET_TYPES } from "./report.model.ts";
import {
  dismissReport,
  getQueueItem,
  listMyReports,
  listQueue,
  MAX_REPORT_DETAILS,
  moderateContent,
  REPORT_REASONS,
  reportContent,
  resolveReport,
} from "./service.ts";
import { WARNING_SEVERITIES } from "./user-warning.model.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

const replyId = documentId("rpl", () => m.input_replyIdInvalid());
const reportId = documentId("rpt", () => m.input_moderation_reportIdInvalid());
const banId = documentId("ban", () => m.input_moderation_banIdInvalid());
const cursor = cursorInput(newestFirstPosition).optional();

/** What is reported: a thread or member by number, a reply by its id (stored as strings). */
const reportTarget = z.discriminatedUnion("targetType", [
  z.object({ targetType: z.literal("thread"), targetId: threadId.transform(String) }),
  z.object({ targetType: z.literal("reply"), targetId: replyId }),
  z.object({ targetType: z.literal("user"), targetId: rowId.transform(String) }),
]);

const reportFields = z.object({
  reason: z.enum(REPORT_REASONS, { error: () => m.input_moderation_reasonRequired() }),
  details: z.string().trim().max(MAX_REPORT_DETAILS, { error: () => m.input_moderation_detailsTooLong({ max: MAX_REPORT_DETAILS }) }).default(""),
});

const note = z.string().trim().max(1000, { error: () => m.input_moderation_noteTooLong() }).default("");
const REASON_LIMITS = {
  warning: [m.input_moderation_warningTooShort, m.input_moderation_warningTooLong],
  lock: [m.input_moderation_lockTooShort, m.input_moderation_lockTooLong],
  ban: [m.input_moderation_banTooShort, m.input_moderation_banTooLong],
} as const;
const reason = (kind: keyof typeof REASON_LIMITS) => {
  const [tooShort, tooLong] = REASON_LIMITS[kind];
  return z.string().trim().min(3, { error: () => tooShort() }).max(500, { error: () => tooLong() });
};
/** An expiry as an instant; null or absent: until lifted. */
const expiresAt = z.coerce.date({ error: () => m.input_moderation_expiryInvalid() }).nullable().default(null);
const warning = z.object({ severity: z.enum(WARNING_SEVERITIES), reason: reason("warning") });

/** Member-facing: report, and read one's own reports and warnings. */
export const moderationMemberProcedures = {
  report: protectedProcedure
    .input(z.intersection(reportTarget, reportFields))
    .mutation(({ ctx, input }) => reportContent(ctx.prisma, ctx.user, input)),

  myReports: protectedProcedure
    .input(z.object({ cursor, limit: pageLimit }).default({ limit: 20 }))
    .query(({ ctx, input }) => listMyReports(ctx.prisma, ctx.user.id, input)),

  myWarnings: protectedProcedure
    .input(z.object({ cursor, limit: pageLimit }).default({ limit: 20 }))
    .query(({ ctx, input }) => listWarnings(ctx.user.id, input)),
};

/** The review queue (admins). */
export const moderationQueueRouter = router({
  list: adminProcedure
    .input(
      z
        .object({
          status: z.enum(REPORT_STATUSES).default("pending"),
          targetType: z.enum(REPORT_TARGET_TYPES).optional(),
          cursor,
          limit: pageLimit,
        })
        .default({ status: "pending", limit: 20 }),
    )
    .query(({ ctx, input }) => listQueue(ctx.prisma, input)),

  get: adminProcedure.input(z.object({ id: reportId })).query(({ ctx, input }) => getQueueItem(ctx.prisma, input.id)),

  resolve: adminProcedure
    .input(
      z.object({
        id: reportId,
        hide: z.boolean().default(false),
        warn: warning.nullable().default(null),
        lock: z.object({ reason: reason("lock") }).nullable().default(null),
        banDevices: z.object({ reason: reason("ban"), expiresAt }).nullable().default(null),
        note,
      }),
    )
    .mutation(({ ctx, input: { id, ...actions } }) => resolveReport(ctx, ctx.admin, id, actions)),

  dismiss: adminProcedure
    .input(z.object({ id: reportId, note }))
    .mutation(({ ctx, input }) => dismissReport(ctx.prisma, ctx.admin, input.id, input.note)),
});

const contentTarget = z.intersection(
  z.discriminatedUnion("targetType", [
    z.object({ targetType: z.literal("thread"), targetId: threadId.transform(String) }),
    z.object({ targetType: z.literal("reply"), targetId: replyId }),
  ]),
  z.object({ note }),
);

/** Hiding a thread or reply outside a report (admins). */
export const moderationContentRouter = router({
  hide: adminProcedure.input(contentTarget).mutation(({ ctx, input }) => moderateContent(ctx, ctx.admin, { ...input, hidden: true })),
  unhide: adminProcedure.input(contentTarget).mutation(({ ctx, input }) => moderateContent(ctx, ctx.admin, { ...input, hidden: false })),
});

const member = z.object({ userId: rowId });

/** One member's record and what admins do to them. */
export const moderationMembersRouter = router({
  get: adminProcedure.input(member).query(({ ctx, input }) => getMemberRecord(ctx.prisma, input.userId)),

  warn: adminProcedure
    .input(member.extend(warning.shape))
    .mutation(({ ctx, input: { userId, ...fields } }) => warnMember(ctx.prisma, ctx.prisma, ctx.admin, userId, fields)),

  lock: adminProcedure
    .input(member.extend({ reason: reason("lock"), hideContent: z.boolean().default(false) }))
    .mutation(({ ctx, input: { userId, ...fields } }) => lockMemberNow(ctx.prisma, ctx.admin, userId, fields)),

  unlock: adminProcedure.input(member).mutation(({ ctx, input }) => unlockMember(ctx.prisma, ctx.admin, input.userId)),

  resetTwoFactor: adminProcedure.input(member).mutation(({ ctx, input }) => resetMemberTwoFactor(ctx.prisma, ctx.admin, input.userId)),

  hideAllContent: adminProcedure.input(member).mutation(({ ctx, input }) => setMemberContentHidden(ctx.prisma, ctx.admin, input.userId, true)),

  unhideAllContent: adminProcedure
    .input(member)
    .mutation(({ ctx, input }) => setMemberContentHidden(ctx.prisma, ctx.admin, input.userId, false)),

  banDevices: adminProcedure
    .input(member.extend({ reason: reason("ban"), expiresAt }))
    .mutation(async ({ ctx, input: { userId, ...fields } }) => ({
      banned: await banMemberDevices(ctx.prisma, ctx.prisma, ctx.admin, userId, fields),
    })),
});

/** Device bans (admins). */
export const moderationBansRouter = router({
  list: adminProcedure
    .input(z.object({ status: z.enum(["active", "ended"]).default("active"), cursor, limit: pageLimit }).default({ status: "active", limit: 20 }))
    .query(({ ctx, input }) => listBans(ctx.prisma, input)),

  create: adminProcedure
    .input(
      z.object({
        fingerprint: z.string().trim().min(8, { error: () => m.input_moderation_fingerprintTooShort() }).max(128, { error: () => m.input_moderation_fingerprintTooLong() }),
        reason: reason("ban"),
        expiresAt,
      }),
    )
    .mutation(({ ctx, input }) => banDevice(ctx.prisma, ctx.admin, input)),

  lift: adminProcedure.input(z.object({ id: banId })).mutation(({ ctx, input }) => liftBan(ctx.prisma, ctx.admin, input.id)),
});
