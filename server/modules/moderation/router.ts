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

const replyId = documentId("rpl", "Id balasan tidak valid.");
const reportId = documentId("rpt", "Id laporan tidak valid.");
const banId = documentId("ban", "Id larangan tidak valid.");
const cursor = cursorInput(newestFirstPosition).optional();

/** What is reported: a thread or member by number, a reply by its id (stored as strings). */
const reportTarget = z.discriminatedUnion("targetType", [
  z.object({ targetType: z.literal("thread"), targetId: threadId.transform(String) }),
  z.object({ targetType: z.literal("reply"), targetId: replyId }),
  z.object({ targetType: z.literal("user"), targetId: rowId.transform(String) }),
]);

const reportFields = z.object({
  reason: z.enum(REPORT_REASONS, "Pilih alasan laporan."),
  details: z.string().trim().max(MAX_REPORT_DETAILS, `Keterangan maksimal ${MAX_REPORT_DETAILS} karakter.`).default(""),
});

const note = z.string().trim().max(1000, "Catatan maksimal 1000 karakter.").default("");
const reason = (what: string) => z.string().trim().min(3, `${what} minimal 3 karakter.`).max(500, `${what} maksimal 500 karakter.`);
/** An expiry as an instant; null or absent: until lifted. */
const expiresAt = z.coerce.date("Waktu berakhir tidak valid.").nullable().default(null);
const warning = z.object({ severity: z.enum(WARNING_SEVERITIES), reason: reason("Alasan peringatan") });

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
        lock: z.object({ reason: reason("Alasan penguncian") }).nullable().default(null),
        banDevices: z.object({ reason: reason("Alasan larangan"), expiresAt }).nullable().default(null),
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
    .input(member.extend({ reason: reason("Alasan penguncian"), hideContent: z.boolean().default(false) }))
    .mutation(({ ctx, input: { userId, ...fields } }) => lockMemberNow(ctx.prisma, ctx.admin, userId, fields)),

  unlock: adminProcedure.input(member).mutation(({ ctx, input }) => unlockMember(ctx.prisma, ctx.admin, input.userId)),

  resetTwoFactor: adminProcedure.input(member).mutation(({ ctx, input }) => resetMemberTwoFactor(ctx.prisma, ctx.admin, input.userId)),

  hideAllContent: adminProcedure.input(member).mutation(({ ctx, input }) => setMemberContentHidden(ctx.prisma, ctx.admin, input.userId, true)),

  unhideAllContent: adminProcedure
    .input(member)
    .mutation(({ ctx, input }) => setMemberContentHidden(ctx.prisma, ctx.admin, input.userId, false)),

  banDevices: adminProcedure
    .input(member.extend({ reason: reason("Alasan larangan"), expiresAt }))
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
        fingerprint: z.string().trim().min(8, "Sidik perangkat minimal 8 karakter.").max(128, "Sidik perangkat maksimal 128 karakter."),
        reason: reason("Alasan larangan"),
        expiresAt,
      }),
    )
    .mutation(({ ctx, input }) => banDevice(ctx.prisma, ctx.admin, input)),

  lift: adminProcedure.input(z.object({ id: banId })).mutation(({ ctx, input }) => liftBan(ctx.prisma, ctx.admin, input.id)),
});
